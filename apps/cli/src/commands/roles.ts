import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { CliError, EXIT } from '../cli-error.js';
import type { Options } from '../options.js';
import { listRoles, loadRole, parseRole, rolePath, rolesDir } from '../storage/roles.js';

/** What `roles edit` starts a new role from. */
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
