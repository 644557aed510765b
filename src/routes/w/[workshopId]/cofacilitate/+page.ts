// The co-facilitator token lives in the URL fragment, which only the browser sees.
export const ssr = false;
