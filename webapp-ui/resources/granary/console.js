// The console's only script (a file, as the Content-Security-Policy requires): a "Copy" button for every element
// marked data-copy. Everything works without it; it only saves selecting the text by hand.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-copy]').forEach(function (source) {
    if (!navigator.clipboard) {
      return;
    }
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary small';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy ' + (source.getAttribute('data-copy') || 'text'));
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(source.textContent).then(function () {
        button.textContent = 'Copied';
      });
    });
    source.insertAdjacentElement('afterend', button);
  });
});
