import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CliError, EXIT } from './cli-error.js';
import { configDir } from './config.js';
import type { Options } from './options.js';

/**
 * A role: a system prompt with the model and settings that suit it, kept as a Markdown file
 * with YAML front matter in the config folder (as aichat and mods keep theirs):
 *
 *     ---
 *     description: Reviews a diff
 *     model: qwen3-coder:480b
 *     temperature: 0.2
 *     max_tokens: 1500
 *     ---
 *     You review code. Point at the lines that matter…
 */
export interface Role {
  name: string;
  path: string;
  system: string;
  description?: string;
  model?: string;
  temperature?: number;
  maxTokens?: number;
}

export const rolesDir = () => join(configDir(), 'roles');
const NAME = /^[\w.-]+$/;

function rolePath(name: string): string {
  if (!NAME.test(name) || name.startsWith('.')) {
    throw new CliError(
      `"${name}" is not a role name: use letters, digits, ".", "_" and "-", as in code-review.`,
    );
  }
  return join(rolesDir(), `${name}.md`);
}

/** The parts of a role file; every mistake is one line that names the file and the field. */
export function parseRole(name: string, path: string, text: string): Role {
  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  const role: Role = { name, path, system: (match ? text.slice(match[0].length) : text).trim() };
  if (!match) return role;
  let fields: unknown;
  try {
    fields = parseYaml(match[1]!) ?? {};
  } catch (error) {
    throw new CliError(
      `${path}: the front matter is not YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (typeof fields !== 'object' || Array.isArray(fields)) {
    throw new CliError(`${path}: the front matter must be "key: value" lines.`);
  }
  for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
    const bad = (what: string) =>
      new CliError(`${path}: ${key} must be ${what}, got ${JSON.stringify(value)}.`);
    switch (key) {
      case 'description':
      case 'model':
        if (typeof value !== 'string' || !value.trim()) throw bad('a string');
        role[key] = value.trim();
        break;
      case 'temperature':
        if (typeof value !== 'number' || value < 0 || value > 2) throw bad('a number from 0 to 2');
        role.temperature = value;
        break;
      case 'max_tokens':
        if (!Number.isInteger(value) || (value as number) < 1) throw bad('a positive whole number');
        role.maxTokens = value as number;
        break;
      default:
        throw new CliError(
          `${path}: unknown field "${key}"; a role has description, model, temperature and max_tokens.`,
        );
    }
  }
  return role;
}

export function loadRole(name: string): Role {
  const path = rolePath(name);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const known = listRoles().roles.map((r) => r.name);
    throw new CliError(
      `No role "${name}"${known.length ? ` (there are: ${known.join(', ')})` : ''}. Create it with: comput3 roles edit ${name}`,
    );
  }
  return parseRole(name, path, text);
}

/** The roles that can be read; each that cannot is named in `skipped` with why. */
export function listRoles(): { roles: Role[]; skipped: string[] } {
  let names: string[];
  try {
    names = readdirSync(rolesDir());
  } catch {
    return { roles: [], skipped: [] };
  }
  const roles: Role[] = [];
  const skipped: string[] = [];
  for (const f of names
    .filter((f) => f.endsWith('.md') && NAME.test(f.slice(0, -3)) && !f.startsWith('.'))
    .sort()) {
    const path = join(rolesDir(), f);
    try {
      roles.push(parseRole(f.slice(0, -3), path, readFileSync(path, 'utf8')));
    } catch (error) {
      skipped.push(error instanceof CliError ? error.message : `${path}: ${String(error)}`);
    }
  }
  return { roles, skipped };
}

/**
 * The options with a role's settings filled in where the flags left them open: flags always
 * win, so `-r reviewer -m kimi-k2` is the reviewer's prompt sent to kimi-k2.
 */
export function applyRole(options: Options, role: Role = loadRole(options.role!)): Options {
  const models = options.models.length ? options.models : role.model ? [role.model] : [];
  return {
    ...options,
    models,
    model: models[0],
    system: options.system ?? (role.system || undefined),
    temperature: options.temperature ?? role.temperature,
    maxTokens: options.maxTokens ?? role.maxTokens,
  };
}

const TEMPLATE = `---
description: What this role is for
# model: qwen3-coder:480b
# temperature: 0.2
# max_tokens: 1500
---
You are …
`;

/** Opens the role in $VISUAL / $EDITOR (a new one from a template), then checks what was saved. */
function editRole(name: string): void {
  const path = rolePath(name);
  mkdirSync(rolesDir(), { recursive: true, mode: 0o700 });
  const created = !existsSync(path);
  if (created) writeFileSync(path, TEMPLATE, { mode: 0o600 });
  const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
  // Through the shell, so an editor given with arguments ("code --wait") works as in git.
  const result = spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'sh', path], { stdio: 'inherit' });
  if (result.status !== 0) {
    if (created && readFileSync(path, 'utf8') === TEMPLATE) rmSync(path);
    throw new CliError(
      `The editor (${editor}) failed; ${created ? 'no role was made' : `${path} is as it was left`}.`,
      EXIT.error,
    );
  }
  if (created && readFileSync(path, 'utf8') === TEMPLATE) {
    rmSync(path);
    return void process.stdout.write(`Role ${name} not made: the template was left unchanged.\n`);
  }
  const role = parseRole(name, path, readFileSync(path, 'utf8'));
  process.stdout.write(`Saved role ${role.name} (${path}).\n`);
}

/** `comput3 roles [list]`, `roles show NAME`, `roles edit NAME`, `roles rm NAME`. */
export function runRoles(options: Options): void {
  const [action = 'list', name] = options.args;
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  if (action === 'list') {
    if (name) throw new CliError('Usage: comput3 roles list');
    const { roles, skipped } = listRoles();
    for (const why of skipped) process.stderr.write(`comput3: skipped a role: ${why}\n`);
    if (!roles.length && skipped.length) return;
    if (!roles.length) {
      return out(`No roles yet. Make one with: comput3 roles edit NAME (saved in ${rolesDir()})`);
    }
    const width = Math.max(...roles.map((r) => r.name.length));
    for (const r of roles) {
      const about = [r.description, r.model].filter(Boolean).join(' · ');
      out(`${r.name.padEnd(width)}  ${about}`);
    }
    return;
  }
  if (!['show', 'edit', 'rm'].includes(action)) {
    throw new CliError(
      `Unknown roles action "${action}": use list, show NAME, edit NAME or rm NAME.`,
    );
  }
  if (!name) throw new CliError(`Usage: comput3 roles ${action} NAME (comput3 roles lists them).`);
  if (action === 'edit') return editRole(name);
  const role = loadRole(name);
  if (action === 'show') return void process.stdout.write(readFileSync(role.path, 'utf8'));
  rmSync(role.path);
  out(`Deleted role ${name}.`);
}
