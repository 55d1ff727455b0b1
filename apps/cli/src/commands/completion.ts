import { KNOWN_MODELS } from '@comput3/core';
import { SETTINGS } from '../storage/config.js';
import { CliError } from '../cli-error.js';
import { COMMAND_TABLE, COMMANDS, OPTIONS, type Options } from '../options.js';

/**
 * `comput3 completion bash|zsh|fish`: a completion script made from the same tables the parser
 * uses (commands, flags) and from the spec's model ids, so it cannot fall behind either.
 */
const ACTIONS: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries(COMMAND_TABLE).flatMap(([name, c]) => ('actions' in c ? [[name, c.actions]] : [])),
);

const flags = () =>
  Object.entries(OPTIONS).flatMap(([name, o]) => [
    `--${name}`,
    ...('negatable' in o ? [`--no-${name}`] : []),
  ]);
const takesValue = () =>
  Object.entries(OPTIONS)
    .filter(([, o]) => o.type === 'string')
    .flatMap(([name, o]) => [`--${name}`, ...('short' in o ? [`-${o.short}`] : [])]);

function bash(): string {
  const cases = Object.entries(ACTIONS)
    .map(([command, words]) => `      ${command}) words="${words.join(' ')}" ;;`)
    .join('\n');
  return `# comput3 completion for bash: eval "$(comput3 completion bash)"
_comput3() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" words command i
  case "$prev" in
    -m|--model) COMPREPLY=($(compgen -W "${KNOWN_MODELS.join(' ')}" -- "$cur")); return ;;
    --schema|--ca-file|-f|--file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    ${takesValue().join('|')}) return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "${flags().join(' ')}" -- "$cur")); return
  fi
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -*) continue ;; esac
    command="\${COMP_WORDS[i]}"; break
  done
  if [[ -z "$command" ]]; then
    COMPREPLY=($(compgen -W "${COMMANDS.join(' ')}" -- "$cur")); return
  fi
  case "$command" in
${cases}
      *) words="" ;;
  esac
  if [[ "$command" == config && "$prev" =~ ^(get|set|unset)$ ]]; then words="${SETTINGS.join(' ')}"; fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _comput3 comput3
`;
}

function zsh(): string {
  const described = (words: readonly string[]) => words.map((w) => `'${w}'`).join(' ');
  return `#compdef comput3
# comput3 completion for zsh: comput3 completion zsh > "\${fpath[1]}/_comput3"
_comput3() {
  local -a commands=(${described(COMMANDS)})
  local -a models=(${described(KNOWN_MODELS)})
  case "$words[CURRENT-1]" in
    -m|--model) compadd -a models; return ;;
    --schema|--ca-file|-f|--file) _files; return ;;
  esac
  if [[ "$words[CURRENT]" == -* ]]; then compadd -- ${flags().join(' ')}; return; fi
  if (( CURRENT == 2 )); then compadd -a commands; return; fi
  case "$words[2]" in
${Object.entries(ACTIONS)
  .map(([command, words]) => `    ${command}) compadd -- ${words.join(' ')} ;;`)
  .join('\n')}
  esac
}
compdef _comput3 comput3
`;
}

function fish(): string {
  const lines = [
    '# comput3 completion for fish: comput3 completion fish > ~/.config/fish/completions/comput3.fish',
    'complete -c comput3 -f',
    `complete -c comput3 -n __fish_use_subcommand -a "${COMMANDS.join(' ')}"`,
    ...Object.entries(ACTIONS).map(
      ([command, words]) =>
        `complete -c comput3 -n "__fish_seen_subcommand_from ${command}" -a "${words.join(' ')}"`,
    ),
    ...Object.entries(OPTIONS).map(([name, o]) => {
      const short = 'short' in o ? ` -s ${o.short}` : '';
      const value =
        o.type !== 'string' ? '' : ['schema', 'ca-file', 'file'].includes(name) ? ' -r -F' : ' -r';
      const models = name === 'model' ? ` -a "${KNOWN_MODELS.join(' ')}"` : '';
      const about = ` -d '${o.help.split(/[;(]/)[0]!.trim().replaceAll("'", "\\'")}'`;
      return `complete -c comput3 -l ${name}${short}${value}${models}${about}`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}

export function runCompletion(options: Options): void {
  const [shell] = options.args;
  const scripts: Record<string, () => string> = { bash, zsh, fish };
  const script = shell ? scripts[shell] : undefined;
  if (!script) {
    throw new CliError(
      `Usage: comput3 completion bash|zsh|fish${shell ? ` (not "${shell}")` : ''}`,
    );
  }
  process.stdout.write(script());
}
