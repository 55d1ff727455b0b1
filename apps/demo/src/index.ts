export { startDemo, type Demo, type DemoOptions } from './server.js';
