import { KNOWN_MODELS } from '@comput3/core';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from '../cli-error.js';
import type { Options } from '../options.js';
import {
  SETTINGS,
  type Setting,
  defaultModel,
  readConfig,
  writeConfig,
} from '../storage/config.js';

const out = (line = ''): void => void process.stdout.write(`${line}\n`);

/** `comput3 config get [KEY]`, `comput3 config set KEY VALUE`, `comput3 config unset KEY`. */
export function runConfig(options: Options): void {
  const [action, key, value] = options.args;
  const config = readConfig();
  const known = (name: string | undefined): name is Setting =>
    name !== undefined && (SETTINGS as readonly string[]).includes(name);
  // Always from the file as it is now: after a set or unset, what will be used.
  const show = (name: Setting, config = readConfig()) => {
    if (name === 'model')
      return `model = ${defaultModel(config)}${config.model ? '' : ' (default)'}`;
    // A proxy URL may carry a password: show the rest of it only.
    const set = config[name];
    return `${name} = ${set ? (name === 'proxy' ? hidePassword(set) : set) : '(not set)'}`;
  };
  const usage = `Usage: comput3 config list | get [KEY] | set KEY VALUE | unset KEY, where KEY is ${SETTINGS.join(', ')}.`;
  if (action === 'get' || action === 'list' || action === undefined) {
    if (key !== undefined && !known(key)) throw new CliError(`Unknown setting "${key}". ${usage}`);
    for (const name of key ? [key] : SETTINGS) out(show(name));
    return;
  }
  if (!known(key)) throw new CliError(key ? `Unknown setting "${key}". ${usage}` : usage);
  if (action === 'unset') {
    const { [key]: _, ...rest } = config;
    writeConfig(rest);
    return out(show(key));
  }
  if (action !== 'set' || !value) throw new CliError(usage);
  if (key === 'proxy' && !/^https?:\/\/[^/]/.test(value)) {
    throw new CliError(`proxy must be an http:// or https:// URL, got "${hidePassword(value)}".`);
  }
  const problem = SETTING_CHECKS[key]?.(value);
  if (problem) throw new CliError(`${key} ${problem}, got "${hidePassword(value)}".`);
  if (key === 'ca-file' && !existsSync(value)) {
    throw new CliError(`ca-file ${value} does not exist: give the path of a PEM file.`);
  }
  writeConfig({ ...config, [key]: key === 'ca-file' ? resolve(value) : value });
  const note =
    key === 'model' && !(KNOWN_MODELS as readonly string[]).includes(value)
      ? ' (not in the spec; the API decides)'
      : '';
  out(`${show(key)}${note}`);
}

/** What a setting must be; undefined when the value is fine. */
const SETTING_CHECKS: Partial<Record<Setting, (value: string) => string | undefined>> = {
  'base-url': (v) =>
    /^https?:\/\/[^/]/.test(v)
      ? undefined
      : 'must be an http(s) URL such as https://api.comput3.ai/v1',
  timeout: (v) =>
    Number(v) > 0 && Number.isFinite(Number(v))
      ? undefined
      : 'must be a positive number of seconds',
  retries: (v) => (/^\d+$/.test(v) ? undefined : 'must be a whole number ≥ 0'),
};

/** `http://user:secret@host` → `http://user:***@host`. */
const hidePassword = (url: string) => url.replace(/(\/\/[^/\s:@]+):[^/\s@]+@/, '$1:***@');
