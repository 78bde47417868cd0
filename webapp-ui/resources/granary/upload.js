// Progress for the console's upload forms (form.upload), as a file: the Content-Security-Policy allows no inline
// script. Without this script the forms are plain multipart POSTs and work the same; with it, the form is sent by
// XMLHttpRequest so a <progress> can show how much has gone, and the answer (the next page, or the form with its
// messages) replaces the page as a normal submit would.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('form.upload').forEach(function (form) {
    var bar = form.querySelector('progress');
    var status = form.querySelector('.upload-status');
    form.addEventListener('submit', function (event) {
      if (!window.FormData || !window.XMLHttpRequest || !bar) {
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
      bar.value = 0;
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
        // The answer is the page a normal submit would show (after a publish, the redirect's target with its message,
        // which is shown once only: so it is written here rather than fetched again).
        var url = xhr.responseURL;
        document.open();
        document.write(xhr.responseText);
        document.close();
        if (url && window.history && window.history.replaceState) {
          window.history.replaceState(null, '', url);
        }
      });
      xhr.addEventListener('error', function () {
        if (status) {
          status.textContent = 'The upload broke off; please try again.';
        }
      });
      xhr.send(data);
    });
  });
});
