import { readFileSync } from 'node:fs';
import { writePrivateFile } from './private-file.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KNOWN_MODELS } from '@comput3/api/constants';
import { CliError, EXIT } from '../cli-error.js';

/** XDG base directories, with the spec's defaults. */
export function configDir(): string {
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'comput3');
}
export function dataDir(): string {
  return join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'comput3');
}

export function stateDir(): string {
  return join(process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'comput3');
}

const configPath = () => join(configDir(), 'config.json');

export interface Config {
  /** The model used when -m is not given. */
  model?: string;
  /** The proxy used when --proxy is not given (before HTTPS_PROXY). */
  proxy?: string;
  /** Extra certificate authorities (a PEM file) used when --ca-file is not given. */
  'ca-file'?: string;
  /** The API base URL when neither --base-url nor COMPUT3_BASE_URL is given. */
  'base-url'?: string;
  /** Seconds of silence before giving up, when --timeout is not given. */
  timeout?: string;
  /** Retries, when --retries is not given. */
  retries?: string;
}

/** The settings `comput3 config` reads and writes. */
export const SETTINGS = ['model', 'base-url', 'timeout', 'retries', 'proxy', 'ca-file'] as const;
export type Setting = (typeof SETTINGS)[number];

export function readConfig(): Config {
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(configPath(), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(
      `Cannot read ${configPath()}: ${(error as Error).message}. Fix or delete the file.`,
      EXIT.error,
    );
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new CliError(
      `Cannot read ${configPath()}: it is not a JSON object. Fix or delete the file.`,
      EXIT.error,
    );
  }
  return config;
}

/** Written 0600, never through a link, in a folder only this user can write: it can hold a proxy password. */
export function writeConfig(config: Config): void {
  writePrivateFile(configPath(), `${JSON.stringify(config, null, 2)}\n`);
}

/** The default model: the config's, else the first model the spec documents. */
export function defaultModel(config: Config = readConfig()): string {
  return config.model ?? KNOWN_MODELS[0];
}
