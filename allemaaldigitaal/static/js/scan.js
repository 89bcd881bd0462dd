/* The scan station (/scannen). Without this script the form posts and the page reloads; with it, each scan
   is posted in the background and answered in the page: a message in the live region (#scan-message), a short
   beep (high: done, low: refused), the list of this session's scans, and the focus back in the code field.
   "Scan met camera" reads a QR code with the browser's BarcodeDetector, or with jsQR (static/vendor/jsqr). */
(function () {
  "use strict";

  var form = document.getElementById("scan-form");
  if (!form) {
    return;
  }
  var code = form.querySelector("[name=code]");
  var message = document.getElementById("scan-message");
  var list = document.getElementById("scan-list");
  var audio = null;
  var busy = false;

  function beep(accepted) {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) {
      return;
    }
    try {
      audio = audio || new Context();
      var tone = audio.createOscillator();
      var volume = audio.createGain();
      tone.frequency.value = accepted ? 880 : 220;
      volume.gain.value = 0.2;
      tone.connect(volume);
      volume.connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + (accepted ? 0.12 : 0.35));
    } catch (error) {
      /* no sound; the message says it all */
    }
  }

  function show(result) {
    var box = document.createElement("div");
    box.className = "utrecht-alert app-scan-message utrecht-alert--" + (result.accepted ? "ok" : "error");
    var line = document.createElement("p");
    line.className = "utrecht-paragraph";
    var label = document.createElement("strong");
    label.textContent = result.accepted ? message.dataset.accepted : message.dataset.refused;
    line.appendChild(label);
    line.appendChild(document.createTextNode(" " + result.message));
    box.appendChild(line);
    /* empty first, so the same words are announced again for the next device */
    message.textContent = "";
    window.setTimeout(function () { message.appendChild(box); }, 50);
  }

  function token(target) {
    var field = target.querySelector("[name=csrf_token]");
    return field ? field.value : "";
  }

  function post(target) {
    if (busy) {
      return;
    }
    busy = true;
    /* getAttribute: the scan form has a field named "action", which hides the form's own .action */
    fetch(target.getAttribute("action"), {
      method: "POST",
      body: new FormData(target),
      credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": token(target)}
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      show(answer.result);
      beep(answer.result.accepted);
      if (answer.html !== undefined) {
        list.innerHTML = answer.html;
      }
      code.value = "";
      code.focus();
    }).catch(function () {
      /* the page load still works */
      target.submit();
    }).then(function () {
      busy = false;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!code.value.trim()) {
      code.focus();
      return;
    }
    post(form);
  });
  list.addEventListener("submit", function (event) {
    if (event.target.hasAttribute("data-scan-undo")) {
      event.preventDefault();
      post(event.target);
    }
  });

  /* the camera */
  var start = document.getElementById("scan-camera");
  var box = document.getElementById("scan-camera-box");
  var video = document.getElementById("scan-video");
  var hint = document.getElementById("scan-camera-hint");
  var stream = null;
  var canvas = document.createElement("canvas");

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
    }
    stream = null;
    box.hidden = true;
    code.focus();
  }

  function found(text) {
    stop();
    code.value = text;
    post(form);
  }

  function decodeWithJsQR() {
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    var context = canvas.getContext("2d", {willReadFrequently: true});
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    var image = context.getImageData(0, 0, canvas.width, canvas.height);
    var qr = window.jsQR(image.data, image.width, image.height, {inversionAttempts: "dontInvert"});
    return Promise.resolve(qr ? qr.data : null);
  }

  function decoder() {
    if ("BarcodeDetector" in window) {
      var detector = new window.BarcodeDetector({formats: ["qr_code"]});
      return function () {
        return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
      };
    }
    return window.jsQR ? decodeWithJsQR : null;
  }

  function look(decode) {
    if (!stream) {
      return;
    }
    var next = function () { window.setTimeout(function () { look(decode); }, 150); };
    if (video.readyState < 2) {
      next();
      return;
    }
    decode().then(function (text) {
      if (text) {
        found(text);
      } else {
        next();
      }
    }, next);
  }

  if (start && navigator.mediaDevices && navigator.mediaDevices.getUserMedia && decoder()) {
    start.hidden = false;
    start.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false}).then(function (media) {
        stream = media;
        video.srcObject = media;
        box.hidden = false;
        video.play();
        look(decoder());
      }, function () {
        box.hidden = false;
        hint.textContent = hint.dataset.noCamera;
      });
    });
    document.getElementById("scan-camera-stop").addEventListener("click", stop);
  }
}());
