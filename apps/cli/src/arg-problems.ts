import { OPTIONS } from './flags.js';
import { nearest } from './nearest.js';

/** What each option's value must be, and an example of it. */
const VALUE_OF: Record<string, [what: string, example: string]> = {
  model: ['a model id', '-m hermes4:70b (comput3 models lists them)'],
  system: ['the system prompt', '-s "Answer briefly."'],
  role: ['a role name', '-r reviewer (comput3 roles lists them)'],
  file: ['a file or folder', '-f notes.md'],
  'max-tokens': ['a positive whole number', '--max-tokens 500'],
  temperature: ['a number from 0 to 2', '--temperature 0.2'],
  seed: ['a whole number', '--seed 7'],
  limit: ['a whole number ≥ 0', '-n 50'],
  timeout: ['a positive number of seconds', '--timeout 30'],
  retries: ['a whole number ≥ 0', '--retries 2'],
};

/**
 * One line of ours for what node:util's parseArgs refused (its messages run to three lines
 * and speak of "ambiguous arguments"): which option, what it needs, and how to write it.
 */
export function argsProblem(error: Error & { code?: string }, argv: string[]): string {
  const named = /'(-\w)?(?:, )?(--[\w-]+)?[^']*'/.exec(error.message);
  // The flag as typed: "-m" when parseArgs names both forms of it.
  const flag = named?.[1] && argv.includes(named[1]) ? named[1] : (named?.[2] ?? named?.[1] ?? '');
  const name = flag.startsWith('--')
    ? flag.slice(2)
    : Object.entries(OPTIONS).find(([, o]) => 'short' in o && `-${o.short}` === flag)?.[0];
  const [what = 'a value', example] = (name && VALUE_OF[name]) || [];
  const as = example ? `, as in ${example}` : '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const near = nearest(flag.replace(/^-+/, ''), Object.keys(OPTIONS));
    return `There is no option ${flag}${near ? `: did you mean --${near}?` : '.'} See comput3 --help (a prompt that starts with - goes after --).`;
  }
  if (/ambiguous/.test(error.message) && name) {
    // The value given starts with "-": a negative number, or the next option.
    const at = argv.findIndex((a) => a === flag || a === `--${name}`);
    const value = argv[at + 1] ?? '';
    if (/^-\d/.test(value)) return `--${name} must be ${what}, got "${value}".`;
    return `${flag} needs ${what} after it, not "${value}" (to give a value that starts with -, write --${name}=${value}).`;
  }
  if (/argument missing/.test(error.message) && name) return `${flag} needs ${what} after it${as}.`;
  if (/does not take an argument/.test(error.message))
    return `${flag} is a switch and takes no value: write ${flag} alone.`;
  return `${error.message.split('\n')[0]} See comput3 --help.`;
}
