// Progress for the console's upload forms (form.upload), as a file: the Content-Security-Policy allows no inline
// script. Without this script the forms are plain multipart POSTs and work the same; with it, the form is sent by
// XMLHttpRequest so a <progress> can show how much has gone, and the answer (the next page with its message, or the
// form with the problems next to its fields) replaces the page as a normal submit's would.
(function () {
  function bind(root) {
    root.querySelectorAll('form.upload').forEach(function (form) {
      var bar = form.querySelector('progress');
      var status = form.querySelector('.upload-status');
      form.addEventListener('submit', function (event) {
        if (!window.FormData || !window.XMLHttpRequest || !window.DOMParser || !bar) {
          return;
        }
        var data;
        try {
          data = new FormData(form, event.submitter);
        } catch (e) {
          return; // a browser without FormData(form, submitter): the plain submit
        }
        event.preventDefault();
        bar.hidden = false;
        bar.removeAttribute('value'); // indeterminate until the first progress event
        var xhr = new XMLHttpRequest();
        xhr.open('POST', form.action);
        xhr.upload.addEventListener('progress', function (e) {
          if (e.lengthComputable) {
            bar.max = e.total;
            bar.value = e.loaded;
            if (status) {
              status.textContent = 'Uploading: ' + Math.round(100 * e.loaded / e.total) + ' %';
            }
          }
        });
        xhr.addEventListener('load', function () {
          // The page a normal submit would show (after a publish, the redirect's target with its one-time message).
          var next = new DOMParser().parseFromString(xhr.responseText, 'text/html');
          document.replaceChild(document.importNode(next.documentElement, true), document.documentElement);
          document.title = next.title;
          if (xhr.responseURL && window.history && window.history.replaceState) {
            window.history.replaceState(null, '', xhr.responseURL);
          }
          bind(document);
        });
        xhr.addEventListener('error', function () {
          bar.hidden = true;
          if (status) {
            status.textContent = 'The upload broke off; please try again.';
          }
        });
        xhr.send(data);
      });
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    bind(document);
  });
}());
