// The door: scans go as JSON so the page never reloads; the answer is shown big,
// read out (the result is an aria-live region), and the code field keeps focus for
// the next scan from a hand scanner. Every scan carries a nonce: when the network
// drops, the same scan is sent again until it arrives, and the server records it once.
// The camera is offered only where the browser has a BarcodeDetector.
(function () {
  "use strict";
  const desk = document.getElementById("desk");
  if (!desk || !window.fetch) return;
  const texts = JSON.parse(document.getElementById("desk-texts").textContent);
  const base = desk.dataset.base;
  const session = desk.dataset.session ? Number(desk.dataset.session) : null;
  const csrf = desk.dataset.csrf;
  const form = document.getElementById("scan-form");
  const code = document.getElementById("code");
  const result = document.getElementById("desk-result");
  const counts = document.getElementById("desk-counts");
  const people = document.getElementById("people");
  const peopleStatus = document.getElementById("people-status");
  const recent = document.getElementById("recent");
  const search = document.getElementById("q");
  const KIND = { ok: "ok", already_checked_in: "warn" };
  const ICON = { ok: "✓", warn: "!", error: "✕" };
  let idleTimer = null;

  const format = (text, values) =>
    text.replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
  const nonce = () =>
    window.crypto && crypto.randomUUID
      ? crypto.randomUUID()
      : String(Date.now()) + Math.random().toString(16).slice(2);

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function show(kind, message, details) {
    clearTimeout(idleTimer);
    result.className = "desk-result is-" + kind;
    result.replaceChildren();
    if (kind !== "idle") {
      const icon = element("p", "desk-icon", ICON[kind]);
      icon.setAttribute("aria-hidden", "true"); // the message says it in words
      result.append(icon);
    }
    result.append(element("p", "desk-message", message));
    for (const line of details || []) if (line) result.append(element("p", "desk-detail", line));
    if (kind === "error" && navigator.vibrate) navigator.vibrate([120, 60, 120]);
    if (kind === "ok" && navigator.vibrate) navigator.vibrate(40);
    if (kind !== "idle") idleTimer = setTimeout(() => show("idle", texts.ready), 15000);
  }

  function showCounts(data) {
    if (!data.counts) return;
    const strong = element("strong", null, data.counts.in);
    const parts = texts.in.split("%(count)s");
    counts.replaceChildren(
      parts[0],
      strong,
      format(parts[1] || "", { expected: data.counts.expected })
    );
  }

  function personItem(person) {
    const item = element("li");
    const who = element("span", "desk-person");
    who.append(element("strong", null, person.name));
    if (person.organisation) who.append(element("span", "hint", person.organisation));
    item.append(who);
    if (person.checked_in_at) {
      item.append(element("span", "desk-state is-warn", format(texts.alreadyIn, person)));
    } else if (person.status !== "registered") {
      item.append(element("span", "desk-state is-error", person.status_label));
    } else {
      const button = element("button", null, texts.checkIn + " ");
      button.type = "button";
      button.append(element("span", "visually-hidden", person.name));
      button.addEventListener("click", () => send({ registration: person.registration }));
      item.append(button);
    }
    return item;
  }

  function showRecent(data) {
    if (!data.recent) return;
    if (!data.recent.length) {
      recent.replaceChildren(element("li", "hint", texts.nobody));
      return;
    }
    recent.replaceChildren(
      ...data.recent.map((person) => {
        const item = element("li");
        const who = element("span", "desk-person");
        who.append(element("strong", null, person.name));
        if (person.organisation) who.append(element("span", "hint", person.organisation));
        item.append(who, element("span", "desk-when", person.time));
        return item;
      })
    );
  }

  async function request(url, options) {
    const headers = { Accept: "application/json", ...(options && options.headers) };
    if (csrf) headers["X-CSRFToken"] = csrf;
    const response = await fetch(url, { credentials: "same-origin", ...options, headers });
    let body = null;
    try {
      body = await response.json();
    } catch (ignored) {
      body = null;
    }
    return { response, body };
  }

  // One scan, sent until the server answers; the nonce makes a repeat harmless.
  async function send(what) {
    const body = JSON.stringify({ ...what, session, nonce: nonce() });
    for (let attempt = 0; ; attempt++) {
      let answer;
      try {
        answer = await request(base + "/scan", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body,
        });
      } catch (offline) {
        show("warn", texts.offline);
        await new Promise((done) => setTimeout(done, Math.min(1000 * 2 ** attempt, 8000)));
        continue;
      }
      const { response, body: data } = answer;
      if (!response.ok || !data || !data.status) {
        show("error", (data && data.message) || texts.failed);
        return;
      }
      const kind = KIND[data.status] || "error";
      const details = [[data.organisation, data.ribbon].filter(Boolean).join(" · ")];
      if (data.status === "already_checked_in" && data.checked_in_by) {
        details.push(format(texts.by, { name: data.checked_in_by }));
      }
      show(kind, data.message, details);
      showCounts(data);
      showRecent(data);
      if (search.value.trim().length >= 2) findPeople();
      return;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = code.value.trim();
    code.value = "";
    code.focus();
    if (text) send({ code: text });
  });

  // Finding people by name: as one types, a moment after the last key.
  let searchTimer = null;
  let searchSerial = 0;
  async function findPeople() {
    const q = search.value.trim();
    const serial = ++searchSerial;
    if (q.length < 2) {
      people.replaceChildren();
      peopleStatus.textContent = "";
      return;
    }
    const params = new URLSearchParams({ q });
    if (session) params.set("session", session);
    try {
      const { response, body } = await request(base + "/search?" + params);
      if (serial !== searchSerial || !response.ok || !body) return;
      people.replaceChildren(...body.people.map(personItem));
      peopleStatus.textContent = format(texts.found, { num: body.people.length });
    } catch (offline) {
      peopleStatus.textContent = texts.offline;
    }
  }
  document.getElementById("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    findPeople();
  });
  search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(findPeople, 250);
  });

  // Counts from the other doors, now and then.
  async function refresh() {
    const params = session ? "?session=" + session : "";
    try {
      const { response, body } = await request(base + "/status" + params);
      if (response.ok && body) {
        showCounts(body);
        showRecent(body);
      }
    } catch (offline) {
      /* the next round will tell */
    }
  }
  setInterval(refresh, 10000);

  // The camera, where the browser can read QR codes itself.
  const start = document.getElementById("camera-start");
  const stop = document.getElementById("camera-stop");
  const panel = document.getElementById("camera");
  const video = document.getElementById("camera-video");
  let stream = null;
  let lastCode = "";
  let lastAt = 0;
  if ("BarcodeDetector" in window && navigator.mediaDevices) {
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
        show("error", texts.noCamera);
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
            send({ code: text });
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
  }

  // With a mouse (a laptop with a hand scanner), a click anywhere but a control brings
  // the focus back to the code field. Not on a touch screen: it would pop up the keyboard.
  if (window.matchMedia && window.matchMedia("(pointer: fine)").matches) {
    document.addEventListener("click", (event) => {
      if (!event.target.closest("input, select, button, a, textarea, video")) code.focus();
    });
  }
})();
