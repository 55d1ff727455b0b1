import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CliError } from '../cli-error.js';
import { configDir } from './config.js';
import type { Options } from '../options.js';

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

export function rolePath(name: string): string {
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
