/**
 * Typed access to a board's Y.Doc (format v1) and the helpers that keep its invariants. The app and
 * the server both write through these functions; nothing else touches the collections directly.
 * One module per kind of entity; this one is the single import for all of them.
 */
export * from './doc.js';
export * from './notes.js';
export * from './stakeholders.js';
export * from './actions.js';
export * from './order.js';
export * from './coverage.js';
