// The site's screenshots, taken from the real apps, light and dark, never by hand:
// - the demo, started offline on a free port, with a question asked and answered;
// - the CLI, run in a real pseudo-terminal (apps/cli/test/run-in-pty.py), its bytes replayed
//   into xterm.js, which draws them as a terminal would (the CLI redraws its current line
//   while it streams, so the raw bytes alone would not show the screen).
// Every process and the browser are stopped, whatever happens.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const ROOT = new URL('../../', import.meta.url).pathname;
const OUT = new URL('../public/screenshots/', import.meta.url).pathname;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const QUESTION = 'compare REST vs GraphQL';

export async function screenshots() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No browser at ${CHROMIUM} for the screenshots: install chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    await demo(browser);
    await cli(browser);
  } finally {
    await browser.close();
  }
}

async function demo(browser) {
  const server = spawn(process.execPath, [`${ROOT}apps/demo/dist/server/main.js`], {
    env: { ...process.env, PORT: '0', COMPUT3_API_KEY: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise((resolve, reject) => {
      let seen = '';
      server.stdout.on('data', (d) => {
        seen += d;
        const m = /Open (http:\/\/\S+)/.exec(seen);
        if (m) resolve(m[1]);
      });
      server.on('exit', (code) => reject(new Error(`the demo exited (${code}) before it started`)));
    });
    for (const colorScheme of ['light', 'dark']) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        colorScheme,
      });
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForSelector('body[data-ready="true"]');
      await page.fill('[data-testid="prompt"]', QUESTION);
      await page.press('[data-testid="prompt"]', 'Enter');
      await page.waitForSelector('[data-testid="assistant"]');
      await page.waitForFunction(() => document.body.dataset.busy === 'false', null, {
        timeout: 60_000,
      });
      await page.screenshot({ path: `${OUT}demo-${colorScheme}.png` });
      await context.close();
    }
  } finally {
    server.kill();
  }
}

const COLUMNS = 100;
const ROWS = 34;

async function cli(browser) {
  const { stdout } = await promisify(execFile)(
    'python3',
    [
      `${ROOT}apps/cli/test/run-in-pty.py`,
      process.execPath,
      `${ROOT}apps/cli/bin/comput3.js`,
      '--offline',
      QUESTION,
    ],
    {
      encoding: 'buffer',
      timeout: 60_000,
      maxBuffer: 16 << 20,
      env: {
        ...process.env,
        PTY_COLUMNS: String(COLUMNS),
        PTY_ROWS: String(ROWS),
        COMPUT3_API_KEY: '',
        TERM: 'xterm-256color',
      },
    },
  );
  const xterm = readFileSync(require.resolve('@xterm/xterm/lib/xterm.js'), 'utf8');
  const css = readFileSync(require.resolve('@xterm/xterm/css/xterm.css'), 'utf8');
  const themes = {
    light: { background: '#ffffff', foreground: '#1f2328', cursor: '#ffffff' },
    dark: { background: '#1b1b1f', foreground: '#dfdfd6', cursor: '#1b1b1f' },
  };
  for (const [scheme, theme] of Object.entries(themes)) {
    const context = await browser.newContext({
      viewport: { width: 960, height: 720 },
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    await page.setContent(
      `<style>${css} body{margin:0;padding:16px;background:${theme.background}}</style><div id="t"></div>`,
    );
    await page.addScriptTag({ content: xterm });
    const prompt = `$ comput3 --offline "${QUESTION}"\r\n`;
    await page.evaluate(
      ({ bytes, prompt, theme, cols, rows }) =>
        new Promise((resolve) => {
          const term = new window.Terminal({ cols, rows, theme, fontSize: 14, scrollback: 0 });
          term.open(document.getElementById('t'));
          term.write(prompt);
          term.write(new Uint8Array(bytes), resolve);
        }),
      { bytes: [...stdout], prompt, theme, cols: COLUMNS, rows: ROWS },
    );
    await page.locator('#t').screenshot({ path: `${OUT}cli-${scheme}.png` });
    await context.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await screenshots();
