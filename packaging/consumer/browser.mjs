// Entry for headless Chromium, bundled with esbuild.
import { smoke } from './smoke.js';

smoke(new URLSearchParams(location.search).get('mock')).then(
  (result) => (document.title = result),
  (error) => (document.title = `FAIL ${error}`),
);
