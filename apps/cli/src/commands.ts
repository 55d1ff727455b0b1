import { KNOWN_MODELS } from '@comput3/core';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SETTINGS, type Setting, defaultModel, readConfig, writeConfig } from './config.js';
import { connect } from './connect.js';
import {
  listConversations,
  loadConversation,
  removeConversation,
  type Conversation,
} from './conversations.js';
import { CliError } from './cli-error.js';
import type { Options } from './options.js';
import { stripControls } from './safe-output.js';
import { paint } from './terminal.js';

const out = (line = ''): void => void process.stdout.write(`${line}\n`);

/** `comput3 models`: the spec's models, default marked; `--remote` asks the API. */
export async function runModels(options: Options): Promise<void> {
  const chosen = defaultModel();
  const known = new Set<string>(KNOWN_MODELS);
  const mark = (id: string) => (id === chosen ? '* ' : '  ');
  if (!options.remote) {
    for (const id of KNOWN_MODELS) out(`${mark(id)}${id}`);
    if (!known.has(chosen)) out(`* ${chosen}  (default from config; not in the spec)`);
    return;
  }
  const connection = await connect(options);
  try {
    const models = await connection.client.models.list();
    for (const m of models)
      out(`${mark(m.id)}${stripControls(m.id)}${known.has(m.id) ? '' : '  (not in the spec)'}`);
  } finally {
    await connection.close();
  }
}

/** One line of text, cut to `width` characters. */
const clip = (text: string, width: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
};

/**
 * `comput3 logs [-m MODEL]`, `logs show ID [--json]`, `logs search TERM`, `logs rm ID`.
 * Lists are newest first.
 */
export function runLogs(options: Options): void {
  const [action, id] = options.args;
  if (action === 'rm') {
    if (!id) throw new CliError('Usage: comput3 logs rm ID (comput3 logs lists the ids).');
    return out(`Deleted ${removeConversation(id)}.`);
  }
  if (action === 'search') {
    if (!id) throw new CliError('Usage: comput3 logs search TERM');
    return searchLogs(id, options);
  }
  if (action === 'show' || (action && action !== 'list')) {
    if (action !== 'show' && id)
      throw new CliError(`Unknown logs action "${action}": use show, search or rm.`);
    return showConversation(action === 'show' ? (id ?? '') : action, options);
  }
  const conversations = listConversations()
    .map(loadAndWarn)
    .filter((c) => !options.model || c.model === options.model);
  if (options.json) return out(JSON.stringify(conversations, null, 2));
  if (conversations.length === 0) {
    return out(options.model ? `No conversations with ${options.model}.` : 'No conversations yet.');
  }
  for (const c of conversations) {
    const first = c.messages.find((m) => m.role === 'user')?.content ?? '';
    out(stripControls(`${c.id}  ${c.model}  ${c.messages.length} msgs  ${clip(first, 60)}`));
  }
}

/** A conversation, with a line on stderr for each line of its file that had to be skipped. */
function loadAndWarn(id: string): Conversation {
  const conversation = loadConversation(id);
  for (const why of conversation.skipped) process.stderr.write(`comput3: skipped ${why}\n`);
  return conversation;
}

function showConversation(id: string, options: Options): void {
  const conversation = loadAndWarn(id);
  if (options.json) return out(JSON.stringify(conversation, null, 2));
  const color = paint(process.stdout);
  out(
    color.dim(
      stripControls(`${conversation.id} · ${conversation.started} · ${conversation.model}`),
    ),
  );
  const showFailed = (i: number) => {
    for (const f of conversation.failed.filter((f) => f.before === i)) {
      const typed = f.messages.find((m) => m.role === 'user')?.content ?? '';
      out(color.dim(stripControls(`[failed, not sent again: ${f.error}] user: ${typed}`)));
    }
  };
  conversation.messages.forEach((m, i) => {
    showFailed(i);
    const content = stripControls(m.content ?? '');
    out(`${color.bold(`${m.role}:`)} ${content}${m.partial ? color.dim(' [interrupted]') : ''}`);
  });
  showFailed(conversation.messages.length);
}

/** Every message that mentions `term` (any case), newest conversation first, with its context. */
function searchLogs(term: string, options: Options): void {
  const needle = term.toLowerCase();
  const color = paint(process.stdout);
  const hits: { id: string; model: string; role: string; content: string }[] = [];
  for (const id of listConversations()) {
    const c = loadAndWarn(id);
    if (options.model && c.model !== options.model) continue;
    for (const m of c.messages) {
      if (m.content?.toLowerCase().includes(needle))
        hits.push({ id, model: c.model, role: m.role, content: m.content });
    }
  }
  if (options.json) return out(JSON.stringify(hits, null, 2));
  if (!hits.length) return out(`Nothing mentions "${term}".`);
  for (const hit of hits) {
    const at = hit.content.toLowerCase().indexOf(needle);
    const from = Math.max(0, at - 30);
    const context = stripControls(
      `${from ? '…' : ''}${hit.content.slice(from, at + needle.length + 50)}`,
    );
    const shown = clip(context, 100).replace(new RegExp(escapeRegExp(term), 'ig'), (m) =>
      color.bold(m),
    );
    out(`${hit.id}  ${stripControls(hit.model)}  ${hit.role}: ${shown}`);
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reads a line from the terminal without echoing it (the key must not land on screen). */
function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stderr.write(prompt);
    let value = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const onData = (text: string) => {
      for (const ch of text) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          done();
          return resolve(value);
        }
        if (ch === '\u0003') {
          done();
          return reject(new CliError('Cancelled; no key stored.', 130));
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const done = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    input.on('data', onData);
  });
}

async function readPipedKey(): Promise<string> {
  let text = '';
  for await (const part of process.stdin as AsyncIterable<Buffer>) text += part.toString('utf8');
  return text;
}

/** `comput3 keys set|path|remove`. The key is never printed. */
export async function runKeys(options: Options): Promise<void> {
  const [action] = options.args;
  if (action === 'set') {
    const key = (
      process.stdin.isTTY ? await readHidden('Comput3 API key: ') : await readPipedKey()
    ).trim();
    if (!key) throw new CliError('No key given; nothing stored.');
    if (/\s/.test(key))
      throw new CliError('An API key has no spaces or line breaks; nothing stored.');
    const { storeKey } = await import('./keys.js');
    const stored = await storeKey(key);
    out(`Saved the key to ${stored.where}${stored.note ? `: ${stored.note}` : ''}.`);
    if (process.env.COMPUT3_API_KEY)
      out('Note: COMPUT3_API_KEY is set and takes precedence over the stored key.');
    return;
  }
  const { findKey, keyStore, removeKey } = await import('./keys.js');
  if (action === 'path') {
    // Where the key in use is; with none, where `keys set` would put one.
    const found = await findKey();
    return out(found?.from ?? (await keyStore()));
  }
  if (action === 'remove') {
    const removed = await removeKey();
    return out(
      removed.length
        ? `Removed the key from ${removed.join(' and ')}.`
        : 'No stored key to remove.',
    );
  }
  if (action === undefined || action === 'status') {
    const found = await findKey();
    return out(found ? `A key is set (${found.from}).` : 'No key set.');
  }
  throw new CliError(
    `Unknown keys action "${action}": use comput3 keys set, path, remove or status.`,
  );
}

/** `comput3 config get [KEY]`, `comput3 config set KEY VALUE`, `comput3 config unset KEY`. */
export function runConfig(options: Options): void {
  const [action, key, value] = options.args;
  const config = readConfig();
  const known = (name: string | undefined): name is Setting =>
    name !== undefined && (SETTINGS as readonly string[]).includes(name);
  const show = (name: Setting) => {
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
    return out(show(key).replace(/ = .*/, ' = (not set)'));
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
