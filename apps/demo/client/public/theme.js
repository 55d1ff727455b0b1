// Applies the theme chosen on this page (light or dark) before the first paint; with none
// chosen, the stylesheet follows the system's.
try {
  var theme = localStorage.getItem('comput3-demo.theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch (e) {
  // Storage refused (a private window): the system's theme it is.
}
