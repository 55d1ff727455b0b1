/**
 * The page's frame: the settings panel (open on a wide screen, collapsed on a phone; what it
 * holds is chat-settings.ts's), the Compare switch, and the conversation list (a column,
 * collapsible; a drawer on a phone).
 */
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const settingsPanel = $('settings');
const settingsToggle = $('settings-toggle');
/** Whether Settings is open, as the person last left it (in this browser). */
const SETTINGS_KEY = 'comput3-demo.settings-open';
const showSettings = (show: boolean, remember = false) => {
  settingsPanel.hidden = !show;
  settingsToggle.setAttribute('aria-expanded', String(show));
  if (remember) {
    try {
      localStorage.setItem(SETTINGS_KEY, String(show));
    } catch {
      // Storage blocked: it lasts for this visit.
    }
  }
};
settingsToggle.addEventListener('click', () => showSettings(settingsPanel.hidden, true));
const remembered = (() => {
  try {
    return localStorage.getItem(SETTINGS_KEY);
  } catch {
    return null;
  }
})();
// As last left; the first time, open on a wide screen and collapsed on a phone.
showSettings(
  remembered === null ? matchMedia('(min-width: 900px)').matches : remembered === 'true',
);

/**
 * The third Compare model is optional and offers only models not chosen already: the first
 * two are kept apart by the check on Send (which says which is chosen twice).
 */
export function offerThirdModel(): void {
  const chosen = [$<HTMLSelectElement>('model').value, $<HTMLSelectElement>('model-2').value];
  const third = $<HTMLSelectElement>('model-3');
  for (const option of third.options) {
    const taken = option.value !== '' && chosen.includes(option.value);
    option.hidden = taken;
    option.disabled = taken;
  }
  if (chosen.includes(third.value)) third.value = '';
}
$('model').addEventListener('input', offerThirdModel);
$('model-2').addEventListener('input', offerThirdModel);

let compareOn = false;
/** Whether Send goes to several models side by side. */
export const comparing = () => compareOn;
$('compare-toggle').addEventListener('click', () => {
  compareOn = !compareOn;
  $('compare-toggle').setAttribute('aria-pressed', String(compareOn));
  $('compare-models').hidden = !compareOn;
  $('compare-hint').hidden = !compareOn;
  if (compareOn) showSettings(true);
});

const sidebar = $('sidebar');
const openButton = $('open-sidebar');
const phone = matchMedia('(max-width: 760px)');
// A phone has no Shift+Enter to explain, and the full hint would not fit on one line.
if (phone.matches) $<HTMLTextAreaElement>('prompt').placeholder = 'Message Comput3';
/** On a phone, the conversation list is a drawer: closed when a conversation is chosen. */
export function closeDrawer(): void {
  if (!phone.matches) return;
  sidebar.classList.remove('open');
  $('scrim').hidden = true;
  openButton.setAttribute('aria-expanded', 'false');
}
openButton.addEventListener('click', () => {
  if (phone.matches) {
    const opening = !sidebar.classList.contains('open');
    sidebar.classList.toggle('open', opening);
    $('scrim').hidden = !opening;
    openButton.setAttribute('aria-expanded', String(opening));
    if (opening) $('new-chat').focus();
  } else {
    const collapsed = document.body.classList.toggle('sidebar-collapsed');
    openButton.setAttribute('aria-expanded', String(!collapsed));
  }
});
$('close-sidebar').addEventListener('click', () => {
  closeDrawer();
  openButton.focus();
});
$('scrim').addEventListener('click', closeDrawer);
// Escape closes the drawer, as it closes a dialog, and gives focus back to what opened it.
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || !phone.matches || !sidebar.classList.contains('open')) return;
  if ((e.target as HTMLElement).closest('.conv-menu, .conv-rename')) return; // theirs first
  e.preventDefault();
  closeDrawer();
  openButton.focus();
});
openButton.setAttribute('aria-expanded', String(!phone.matches));
