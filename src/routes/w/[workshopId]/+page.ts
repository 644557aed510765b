// The console reads the facilitator session saved on this device (localStorage).
export const ssr = false;
