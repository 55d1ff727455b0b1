/**
 * Each conversation keeps its own settings (model, temperature, max tokens, system prompt), as
 * ChatGPT, open-webui and LibreChat do: opening a chat puts its settings in the panel, a change
 * in the panel is the open chat's, and a new chat starts from the settings last used. What the
 * panel shows is what Send, Regenerate and View as code use.
 */
import type { ChatSettings, SentRequest } from './store.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const LAST_USED = 'comput3-demo.last-settings';
const CONTROLS = ['model', 'temperature', 'max-tokens', 'system'] as const;

/** The settings in the panel. */
export function readControls(): ChatSettings {
  const temperature = $<HTMLInputElement>('temperature').value;
  const maxTokens = $<HTMLInputElement>('max-tokens').value;
  return {
    model: $<HTMLSelectElement>('model').value,
    system: $<HTMLTextAreaElement>('system').value,
    ...(temperature !== '' ? { temperature: Number(temperature) } : {}),
    ...(maxTokens !== '' ? { maxTokens: Number(maxTokens) } : {}),
  };
}

/** Puts `settings` in the panel; a model the list lacks (the API's list changed) is added. */
export function showControls(settings: ChatSettings): void {
  const model = $<HTMLSelectElement>('model');
  if (settings.model && ![...model.options].some((o) => o.value === settings.model)) {
    model.append(new Option(settings.model, settings.model));
  }
  if (settings.model) model.value = settings.model;
  $<HTMLInputElement>('temperature').value = settings.temperature?.toString() ?? '';
  $<HTMLInputElement>('max-tokens').value = settings.maxTokens?.toString() ?? '';
  $<HTMLTextAreaElement>('system').value = settings.system;
}

/** The settings a new chat starts from: the last used in this browser, else the panel's own. */
export function lastUsed(): ChatSettings | undefined {
  try {
    const saved = JSON.parse(localStorage.getItem(LAST_USED) ?? 'null') as unknown;
    return isSettings(saved) ? saved : undefined;
  } catch {
    return undefined;
  }
}

function rememberLastUsed(settings: ChatSettings): void {
  try {
    localStorage.setItem(LAST_USED, JSON.stringify(settings));
  } catch {
    // Storage blocked: new chats start from the page's defaults.
  }
}

/** What is kept in storage may be damaged or from elsewhere: a settings object, checked. */
export function isSettings(value: unknown): value is ChatSettings {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    typeof s.model === 'string' &&
    typeof s.system === 'string' &&
    (s.temperature === undefined || typeof s.temperature === 'number') &&
    (s.maxTokens === undefined || typeof s.maxTokens === 'number')
  );
}

/**
 * Calls `changed` with the panel's settings whenever a control changes, after keeping them as
 * the last used.
 */
export function onControlsChange(changed: (settings: ChatSettings) => void): void {
  for (const id of CONTROLS) {
    $(id).addEventListener('input', () => {
      const settings = readControls();
      rememberLastUsed(settings);
      changed(settings);
    });
  }
}

/** A request to `modelId` (the panel's model, or one Compare asks) with the panel's settings. */
export function request(modelId: string, messages: SentRequest['messages']): SentRequest {
  const { system, temperature, maxTokens } = readControls();
  return {
    model: modelId,
    messages: [
      ...(system.trim() ? [{ role: 'system' as const, content: system.trim() }] : []),
      ...messages,
    ],
    ...(temperature !== undefined ? { temperature } : {}),
    ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
  };
}
