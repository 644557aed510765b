/**
 * The names of the templates and of the example's languages, without the template content: the API
 * types and the home page import these and stay free of Yjs and the example's text.
 */
export const TEMPLATES = ['empty', 'example'] as const;
export type Template = (typeof TEMPLATES)[number];

export const TEMPLATE_LOCALES = ['en', 'id'] as const;
export type TemplateLocale = (typeof TEMPLATE_LOCALES)[number];
