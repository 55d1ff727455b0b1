// Where the cassettes are, and where they are recorded from: the real API, unless
// COMPUT3_UPSTREAM names another (this repository's CI has no key: its cassettes were recorded
// from the offline mock started as an upstream, the way yours are recorded from the real API).
export const dir = new URL('./cassettes', import.meta.url).pathname;
export const upstream = process.env.COMPUT3_UPSTREAM ?? 'https://api.comput3.ai/v1';
// The key is needed to record only; replaying sends none anywhere.
export const apiKey = process.env.COMPUT3_API_KEY || 'replay-needs-no-key';
