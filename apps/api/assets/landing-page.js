// SCM Gateway — landing and documentation pages (served as /assets/landing-page.js).
//
// A progressive enhancement: every page works without it. What it does:
//   - adds a "Copy" button to each <pre data-copy> (the curl examples): the button copies the
//     text of the <pre> to the clipboard and says so in a polite live region.
//
// Markup hooks it expects:
//   <pre data-copy><code>curl …</code></pre>   a sample to copy (its textContent is copied as is)
//
// No inline script, no third-party code: the pages' CSP allows only script-src 'self'.
(function () {
  'use strict';

  function announce(region, text) {
    region.textContent = '';
    window.setTimeout(function () {
      region.textContent = text;
    }, 20);
  }

  function enhance(pre, region) {
    if (pre.parentElement && pre.parentElement.classList.contains('sample')) return;
    var wrapper = document.createElement('div');
    wrapper.className = 'sample';
    pre.parentNode.insertBefore(wrapper, pre);
    wrapper.appendChild(pre);
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy secondary';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy this example');
    button.addEventListener('click', function () {
      var text = pre.textContent || '';
      if (!navigator.clipboard || typeof navigator.clipboard.writeText !== 'function') {
        announce(region, 'Copying is not available here: select the text instead.');
        return;
      }
      navigator.clipboard.writeText(text).then(
        function () {
          button.textContent = 'Copied';
          announce(region, 'Example copied to the clipboard.');
          window.setTimeout(function () {
            button.textContent = 'Copy';
          }, 2000);
        },
        function () {
          announce(region, 'Could not copy: select the text instead.');
        },
      );
    });
    wrapper.appendChild(button);
  }

  function start() {
    var samples = document.querySelectorAll('pre[data-copy]');
    if (samples.length === 0) return;
    var region = document.createElement('p');
    region.className = 'visually-hidden';
    region.setAttribute('role', 'status');
    region.setAttribute('aria-live', 'polite');
    document.body.appendChild(region);
    for (var i = 0; i < samples.length; i++) enhance(samples[i], region);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
