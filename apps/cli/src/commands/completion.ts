import { KNOWN_MODELS } from '@comput3/core';
import { CliError } from '../cli-error.js';
import { COMMAND_TABLE, COMMANDS, PROMPT_FLAGS, type Command } from '../commands.js';
import { ALWAYS, OPTIONS, type FlagName } from '../flags.js';
import type { Options } from '../options.js';
import { SETTINGS } from '../storage/config.js';

/**
 * `comput3 completion bash|zsh|fish`: a completion script made from the same tables the parser
 * uses (commands, flags) and from the spec's model ids, so it cannot fall behind either. Role
 * names, conversation ids and saved MCP servers change, so the scripts ask for them when completing:
 * `comput3 completion words roles|conversations|mcp` prints one per line.
 */
const ACTIONS: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries(COMMAND_TABLE).flatMap(([name, c]) => ('actions' in c ? [[name, c.actions]] : [])),
);

/** The flags a command takes (a prompt's when none), as typed: `--name`, and `--no-name`. */
const flagsOf = (command?: Command) =>
  [...(command ? COMMAND_TABLE[command].flags : PROMPT_FLAGS), ...ALWAYS].flatMap((name) => [
    `--${name}`,
    ...('negatable' in OPTIONS[name] ? [`--no-${name}`] : []),
  ]);
/** Shell `case` arms that offer each command's flags, then a prompt's for anything else. */
const flagArms = (arm: (words: string[]) => string) => [
  ...COMMANDS.map((command) => `${command}) ${arm(flagsOf(command))} ;;`),
  `*) ${arm(flagsOf())} ;;`,
];
/** The commands that take a flag, `prompt` for a prompt: fish asks per flag. */
const takersOf = (name: FlagName) => [
  ...((PROMPT_FLAGS as readonly string[]).includes(name) ? ['prompt'] : []),
  ...COMMANDS.filter((c) => (COMMAND_TABLE[c].flags as readonly string[]).includes(name)),
];
const takesValue = () =>
  Object.entries(OPTIONS)
    .filter(([, o]) => o.type === 'string')
    .flatMap(([name, o]) => [`--${name}`, ...('short' in o ? [`-${o.short}`] : [])]);
/** Options whose value is a path: completed as files, into folders. */
const PATHS = ['-f', '--file', '--schema', '--ca-file', '--messages'];

function bash(): string {
  return `# comput3 completion for bash: eval "$(comput3 completion bash)"
# Names of roles and conversations are offered as text: matched here with [[ ]] and quoted with
# printf %q, never passed through compgen -W, which would expand a file named $(…) again.
_comput3_names() {
  local name quoted
  while IFS= read -r name; do
    if [[ "$name" == "$cur"* ]]; then printf -v quoted '%q' "$name"; out+=("$quoted"); fi
  done < <(comput3 completion words "$1" 2>/dev/null)
}
_comput3() {
  # The words are read again from the line, split at spaces only: bash splits them at
  # COMP_WORDBREAKS too, which holds ":", and model ids such as hermes4:70b have one.
  local line="\${COMP_LINE:0:COMP_POINT}" cur prev command="" position=0 i skip=""
  local -a words out
  read -r -a words <<< "$line"
  if [[ -z "$line" || "$line" == *" " ]]; then words+=(""); fi
  cur="\${words[\${#words[@]}-1]}"
  prev="\${words[\${#words[@]}-2]}"
  case "$prev" in
    -m|--model) out=($(compgen -W "${KNOWN_MODELS.join(' ')}" -- "$cur")) ;;
    -r|--role) _comput3_names roles ;;
    --conversation) _comput3_names conversations ;;
    --mcp) _comput3_names mcp ;;
    ${PATHS.join('|')})
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$cur")); return ;;
    ${takesValue().join('|')}) return ;;
    *)
      # The command is the first word that is not an option or an option's value.
      for ((i = 1; i < \${#words[@]} - 1; i++)); do
        if [[ -n "$skip" ]]; then skip=""; continue; fi
        case "\${words[i]}" in
          ${takesValue().join('|')}) skip=1 ;;
          -*) ;;
          *) if [[ -z "$command" ]]; then command="\${words[i]}"; else position=$((position + 1)); fi ;;
        esac
      done
      if [[ "$cur" == -* ]]; then
        # Only the flags this command takes (a prompt's, when the first word is no command).
        case "$command" in
${flagArms((words) => `out=($(compgen -W "${words.join(' ')}" -- "$cur"))`)
  .map((arm) => `          ${arm}`)
  .join('\n')}
        esac
      else
        case "$command:$position:$prev" in
          :*) out=($(compgen -W "${COMMANDS.join(' ')}" -- "$cur")) ;;
          logs:1:show|logs:1:rm) _comput3_names conversations ;;
          roles:1:show|roles:1:edit|roles:1:rm) _comput3_names roles ;;
          mcp:1:remove) _comput3_names mcp ;;
          config:1:get|config:1:set|config:1:unset) out=($(compgen -W "${SETTINGS.join(' ')}" -- "$cur")) ;;
          help:0:*) out=($(compgen -W "${COMMANDS.join(' ')}" -- "$cur")) ;;
${Object.entries(ACTIONS)
  .map(
    ([command, words]) =>
      `          ${command}:0:*) out=($(compgen -W "${words.join(' ')}" -- "$cur")) ;;`,
  )
  .join('\n')}
        esac
      fi ;;
  esac
  # bash replaces only the part of the word after its last colon: offer that part.
  if [[ "$cur" == *:* && "$COMP_WORDBREAKS" == *:* ]]; then
    local colon="\${cur%"\${cur##*:}"}"
    out=("\${out[@]#"$colon"}")
  fi
  COMPREPLY=("\${out[@]}")
}
complete -F _comput3 comput3
`;
}

function zsh(): string {
  const quoted = (words: readonly string[]) => words.map((w) => `'${w}'`).join(' ');
  return `#compdef comput3
# comput3 completion for zsh: comput3 completion zsh > "\${fpath[1]}/_comput3" (after compinit)
_comput3() {
  local -a commands=(${quoted(COMMANDS)})
  local -a models=(${quoted(KNOWN_MODELS)})
  local -a settings=(${quoted(SETTINGS)})
  local prev="$words[CURRENT-1]"
  case "$prev" in
    -m|--model) compadd -a models; return ;;
    -r|--role) compadd -- \${(f)"$(comput3 completion words roles 2>/dev/null)"}; return ;;
    --conversation) compadd -- \${(f)"$(comput3 completion words conversations 2>/dev/null)"}; return ;;
    --mcp) compadd -- \${(f)"$(comput3 completion words mcp 2>/dev/null)"}; return ;;
    ${PATHS.join('|')}) _files; return ;;
    ${takesValue().join('|')}) return ;;
  esac
  # The command: the first word that is not an option or an option's value.
  local command="" i=2 position=0
  while (( i < CURRENT )); do
    case "$words[i]" in
      ${takesValue().join('|')}) (( i++ )) ;;
      -*) ;;
      *) if [[ -z "$command" ]]; then command="$words[i]"; else (( position++ )); fi ;;
    esac
    (( i++ ))
  done
  if [[ "$words[CURRENT]" == -* ]]; then
    # Only the flags this command takes (a prompt's, when the first word is no command).
    case "$command" in
${flagArms((words) => `compadd -- ${words.join(' ')}`)
  .map((arm) => `      ${arm}`)
  .join('\n')}
    esac
    return
  fi
  case "$command:$position:$prev" in
    :*) compadd -a commands ;;
    logs:1:show|logs:1:rm) compadd -- \${(f)"$(comput3 completion words conversations 2>/dev/null)"} ;;
    roles:1:show|roles:1:edit|roles:1:rm) compadd -- \${(f)"$(comput3 completion words roles 2>/dev/null)"} ;;
    mcp:1:remove) compadd -- \${(f)"$(comput3 completion words mcp 2>/dev/null)"} ;;
    config:1:get|config:1:set|config:1:unset) compadd -a settings ;;
    help:0:*) compadd -a commands ;;
${Object.entries(ACTIONS)
  .map(([command, words]) => `    ${command}:0:*) compadd -- ${words.join(' ')} ;;`)
  .join('\n')}
  esac
}
compdef _comput3 comput3
`;
}

function fish(): string {
  const seen = (command: string, after: string) =>
    `"__fish_seen_subcommand_from ${command}; and __fish_seen_subcommand_from ${after}"`;
  const lines = [
    '# comput3 completion for fish: comput3 completion fish > ~/.config/fish/completions/comput3.fish',
    '# The command typed so far: the first word that is not an option or its value ("prompt" if',
    '# that word is no command), so that each flag is offered only where it is taken.',
    'function __comput3_command',
    '  set -l words (commandline -opc)',
    '  set -e words[1]',
    '  set -l skip',
    '  for word in $words',
    '    if set -q skip[1]; set -e skip; continue; end',
    '    switch $word',
    `      case ${takesValue().join(' ')}`,
    '        set skip 1',
    "      case '-*'",
    `      case ${COMMANDS.join(' ')}`,
    '        echo $word; return',
    "      case '*'",
    '        echo prompt; return',
    '    end',
    '  end',
    '  echo prompt',
    'end',
    'complete -c comput3 -f',
    `complete -c comput3 -n __fish_use_subcommand -a "${COMMANDS.join(' ')}"`,
    ...Object.entries(ACTIONS).map(
      ([command, words]) =>
        `complete -c comput3 -n "__fish_seen_subcommand_from ${command}" -a "${words.join(' ')}"`,
    ),
    `complete -c comput3 -n "__fish_seen_subcommand_from help" -a "${COMMANDS.join(' ')}"`,
    `complete -c comput3 -n ${seen('logs', 'show rm')} -a "(comput3 completion words conversations 2>/dev/null)"`,
    `complete -c comput3 -n ${seen('roles', 'show edit rm')} -a "(comput3 completion words roles 2>/dev/null)"`,
    `complete -c comput3 -n ${seen('mcp', 'remove')} -a "(comput3 completion words mcp 2>/dev/null)"`,
    `complete -c comput3 -n ${seen('config', 'get set unset')} -a "${SETTINGS.join(' ')}"`,
    ...Object.entries(OPTIONS).map(([name, o]) => {
      const takers = (ALWAYS as readonly string[]).includes(name)
        ? ''
        : ` -n "contains -- (__comput3_command) ${takersOf(name as FlagName).join(' ')}"`;
      const short = 'short' in o ? ` -s ${o.short}` : '';
      const value = o.type !== 'string' ? '' : PATHS.includes(`--${name}`) ? ' -r -F' : ' -x';
      const words =
        name === 'model'
          ? ` -a "${KNOWN_MODELS.join(' ')}"`
          : name === 'role'
            ? ' -a "(comput3 completion words roles 2>/dev/null)"'
            : name === 'conversation'
              ? ' -a "(comput3 completion words conversations 2>/dev/null)"'
              : name === 'mcp'
                ? ' -a "(comput3 completion words mcp 2>/dev/null)"'
                : '';
      const about = ` -d '${o.help.split(/[;(]/)[0]!.trim().replaceAll("'", "\\'")}'`;
      return `complete -c comput3${takers} -l ${name}${short}${value}${words}${about}`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}

/** `comput3 completion words roles|conversations|mcp`: the names the scripts complete, one a line. */
async function words(kind: string | undefined): Promise<void> {
  let names: string[];
  if (kind === 'roles') {
    const { listRoles } = await import('../storage/roles.js');
    names = listRoles().roles.map((r) => r.name);
  } else if (kind === 'conversations') {
    const { listConversations } = await import('../storage/conversations.js');
    names = listConversations();
  } else if (kind === 'mcp') {
    const { readMcpServers } = await import('../storage/mcp-servers.js');
    names = Object.keys(readMcpServers()).sort();
  } else throw new CliError('Usage: comput3 completion words roles|conversations|mcp');
  // One name a line: a name with a line break or another control character in it would be
  // read as two, or draw on the terminal, so it is not offered (it is no name comput3 made).

  names = names.filter((n) => !/[\u0000-\u001f\u007f-\u009f]/.test(n));
  if (names.length) process.stdout.write(`${names.join('\n')}\n`);
}

export async function runCompletion(options: Options): Promise<void> {
  const [shell, kind] = options.args;
  if (shell === 'words') return words(kind);
  const scripts: Record<string, () => string> = { bash, zsh, fish };
  const script = shell ? scripts[shell] : undefined;
  if (!script) {
    throw new CliError(
      `Usage: comput3 completion bash|zsh|fish${shell ? ` (not "${shell}")` : ''}`,
    );
  }
  process.stdout.write(script());
}
