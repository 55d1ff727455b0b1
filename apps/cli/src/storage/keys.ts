import { existsSync, readFileSync, rmSync } from 'node:fs';
import { writePrivateFile } from './private-file.js';
import { join } from 'node:path';
import { configDir } from './config.js';

/**
 * Where the API key is kept: the OS keychain (Secret Service on Linux, Keychain on macOS,
 * Credential Manager on Windows) through @napi-rs/keyring, a maintained native binding with
 * prebuilt binaries; where there is none (a server without a desktop session, a container), a
 * file readable by its owner only. COMPUT3_API_KEY always comes first.
 */
const SERVICE = 'comput3';
const ACCOUNT = 'api-key';

const keyPath = () => join(configDir(), 'key');

const KEYCHAIN =
  process.platform === 'darwin'
    ? 'the macOS Keychain'
    : process.platform === 'win32'
      ? 'the Windows Credential Manager'
      : 'the OS keychain (Secret Service)';

type Entry = import('@napi-rs/keyring').Entry;

/**
 * The keychain entry, or the reason there is none (the binding is optional: it may be absent).
 * On Linux the keychain is the Secret Service, reached over the D-Bus session bus: without one
 * (a server, a container, SSH) the binding falls back to the kernel's session keyring, which
 * answers some calls and refuses others and is gone at logout, so a key is never put there.
 */
async function keychain(account = ACCOUNT): Promise<Entry | Error> {
  if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) {
    return new Error('no D-Bus session for the Secret Service');
  }
  try {
    const { Entry } = await import('@napi-rs/keyring');
    return new Entry(SERVICE, account);
  } catch (error) {
    return error as Error;
  }
}

function readFileKey(): string | undefined {
  try {
    return readFileSync(keyPath(), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The key and where it came from; undefined when none is set anywhere. */
export async function findKey(): Promise<{ key: string; from: string } | undefined> {
  const fromEnv = process.env.COMPUT3_API_KEY?.trim();
  if (fromEnv) return { key: fromEnv, from: 'COMPUT3_API_KEY' };
  const entry = await keychain();
  if (!(entry instanceof Error)) {
    try {
      const key = entry.getPassword()?.trim();
      if (key) return { key, from: KEYCHAIN };
    } catch {
      // No keychain to ask (no session bus, locked and no prompt): the file may have it.
    }
  }
  const key = readFileKey();
  return key ? { key, from: keyPath() } : undefined;
}

/**
 * Stores the key in the keychain, and removes a key file left from before; with no keychain,
 * in the file (0600, in a 0700 folder), and `note` says why.
 */
export async function storeKey(key: string): Promise<{ where: string; note?: string }> {
  const entry = await keychain();
  let reason: string;
  if (entry instanceof Error) reason = entry.message;
  else {
    try {
      entry.setPassword(key);
      // Read back: a keychain that takes a write and keeps nothing is no place for the key.
      if (entry.getPassword() !== key) throw new Error('it did not keep the key');
      rmSync(keyPath(), { force: true });
      return { where: KEYCHAIN };
    } catch (error) {
      reason = (error as Error).message;
    }
  }
  const path = keyPath();
  // 0600 from the start, never through a link, in a folder only this user can write.
  writePrivateFile(path, `${key}\n`);
  return {
    where: path,
    note: `no OS keychain available (${reason}), so a file readable by you only`,
  };
}

/** Removes the key from the keychain and the file; says where it was removed from. */
export async function removeKey(): Promise<string[]> {
  const removed: string[] = [];
  const entry = await keychain();
  if (!(entry instanceof Error)) {
    try {
      if (entry.deletePassword()) removed.push(KEYCHAIN);
    } catch {
      // Nothing to remove where there is no keychain.
    }
  }
  if (existsSync(keyPath())) {
    rmSync(keyPath());
    removed.push(keyPath());
  }
  return removed;
}

/**
 * Where `keys set` would put a key here, and why: the keychain when a written probe reads
 * back, else the file.
 */
export async function keyStore(): Promise<{ where: string; why?: string }> {
  const probe = await keychain('probe');
  if (probe instanceof Error)
    return { where: keyPath(), why: `no OS keychain here (${probe.message})` };
  try {
    // Reading is not enough (a missing keychain reads as "no key"): a write proves it is there.
    probe.setPassword('probe');
    const kept = probe.getPassword() === 'probe';
    probe.deletePassword();
    if (!kept) throw new Error('it did not keep what was written');
    return { where: KEYCHAIN };
  } catch (error) {
    return {
      where: keyPath(),
      why: `the OS keychain refused a write (${(error as Error).message})`,
    };
  }
}
