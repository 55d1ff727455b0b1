export { startDemo, type Demo, type DemoOptions } from './server.js';
export { createApp, type AppOptions } from './app.js';
