/**
 * Keeps the newest text in view while a reply streams, unless the person has scrolled up to
 * read: then it stays put and a "Jump to latest" button appears until they come back down.
 */
export function followScroll(scroller: HTMLElement, jump: HTMLButtonElement) {
  let pinned = true;
  const nearBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 48;
  scroller.addEventListener('scroll', () => {
    pinned = nearBottom();
    if (pinned) jump.hidden = true;
  });
  const toBottom = () => {
    pinned = true;
    jump.hidden = true;
    scroller.scrollTop = scroller.scrollHeight;
  };
  jump.addEventListener('click', () => {
    toBottom();
    document.getElementById('prompt')?.focus();
  });
  return {
    /** After new content: follow it, or offer the button. */
    update() {
      if (pinned) scroller.scrollTop = scroller.scrollHeight;
      else jump.hidden = nearBottom();
    },
    toBottom,
  };
}
