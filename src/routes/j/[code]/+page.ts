// The join flow reads this device's saved sessions (localStorage) before it shows any choice.
export const ssr = false;
