// The door's camera, where the browser can read QR codes itself (a BarcodeDetector):
// each code read is handed to the door, the same code again only after 4 s.
(function () {
  "use strict";
  window.WerkplaatsCamera = function (onCode, onError, code) {
    const start = document.getElementById("camera-start");
    const stop = document.getElementById("camera-stop");
    const panel = document.getElementById("camera");
    const video = document.getElementById("camera-video");
    let stream = null;
    let lastCode = "";
    let lastAt = 0;
    if (!("BarcodeDetector" in window && navigator.mediaDevices)) return;
    start.hidden = false;
    start.addEventListener("click", async () => {
      let detector;
      try {
        detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: "environment" },
          audio: false,
        });
      } catch (refused) {
        onError();
        return;
      }
      video.srcObject = stream;
      panel.hidden = false;
      start.hidden = true;
      await video.play();
      const look = async () => {
        if (!stream) return;
        try {
          const found = await detector.detect(video);
          const text = found.length ? found[0].rawValue : "";
          const now = Date.now();
          if (text && (text !== lastCode || now - lastAt > 4000)) {
            lastCode = text;
            lastAt = now;
            onCode(text);
          }
        } catch (ignored) {
          /* a frame that could not be read */
        }
        setTimeout(look, 250);
      };
      look();
    });
    stop.addEventListener("click", () => {
      if (stream) stream.getTracks().forEach((track) => track.stop());
      stream = null;
      panel.hidden = true;
      start.hidden = false;
      code.focus();
    });
  };
})();
