// The board lives in the browser: its token is in localStorage and its document in IndexedDB.
export const ssr = false;
