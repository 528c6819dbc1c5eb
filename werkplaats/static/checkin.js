// The door: scans are judged on the phone from the event's pack (checkin-offline.js),
// so the answer comes at once with or without the network, and are sent to the
// server in the background; the page says all along whether it is online and how
// many scans wait. The answer is shown big, read out (the result is an aria-live
// region), and the code field keeps focus for the next scan from a hand scanner.
// Without a pack (no IndexedDB or WebCrypto, or before it first loaded) each scan is
// a request, sent again with its nonce until it arrives. The camera is offered only
// where the browser has a BarcodeDetector (checkin-camera.js).
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
  const Offline = window.WerkplaatsDoor;
  const door =
    Offline && Offline.supported()
      ? new Offline.Door(base, {
          scanner: desk.dataset.scanner,
          headers: csrf ? { "X-CSRFToken": csrf } : {},
        })
      : null;
  const View = window.WerkplaatsDoorView;
  const local = View && door ? View(door, texts.door) : null;
  let idleTimer = null;
  let shownNonce = null; // the scan whose answer is on screen

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
      button.addEventListener("click", () => scanned({ registration: person.registration }));
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
      showAnswer(data);
      showCounts(data);
      showRecent(data);
      if (search.value.trim().length >= 2) findPeople();
      return;
    }
  }

  function showAnswer(data) {
    const kind = KIND[data.status] || "error";
    const details = [[data.organisation, data.ribbon].filter(Boolean).join(" · ")];
    if (data.status === "already_checked_in" && data.checked_in_by) {
      details.push(format(texts.by, { name: data.checked_in_by }));
    }
    show(kind, data.message, details);
  }

  // A scan or a tap, judged here from the pack; the server hears of it in the background.
  async function scanned(what) {
    if (!local || !door.ready) return send(what);
    let verdict, scan;
    try {
      verdict = await door.judge(what, session);
      scan = await door.record(what, session, verdict);
    } catch (unkept) {
      return send(what); // the phone could not keep it (storage full): ask the server
    }
    shownNonce = scan.nonce;
    showAnswer(local.answer(verdict));
    showLocal();
    sync();
  }

  function showLocal() {
    showCounts(local.counts(session));
    showRecent(local.recent(session));
    if (search.value.trim().length >= 2) findPeople();
  }

  // What the server made of scans this door judged: conflicts go to the list "Let op";
  // the answer on screen, if the server's differs (another door was first, a ticket
  // of another event the pack cannot know), is replaced by the server's.
  function answered(pairs) {
    if (pairs.length) local.sent();
    for (const { scan, result } of pairs) {
      if (!result || result.conflict) local.conflict(scan, result);
      if (result && scan.nonce === shownNonce && result.status !== scan.judged) showAnswer(result);
    }
  }

  async function sync() {
    try {
      if ((await door.send(answered)) === "wiped") return end("gone");
    } catch (offline) {
      /* kept: sent with the next round */
    }
    await local.state();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = code.value.trim();
    code.value = "";
    code.focus();
    if (text) scanned({ code: text });
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
    if (local && door.ready) {
      const found = local.search(q, session);
      if (found.length || !door.reachable) {
        people.replaceChildren(...found.map(personItem));
        peopleStatus.textContent = format(texts.found, { num: found.length });
        return;
      }
    } // nothing in the pack: the server also searches e-mail addresses
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

  // Counts from the other doors, now and then: from the pack, or asked.
  async function refresh() {
    if (local && door.ready) return;
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

  // The pack: loaded from the phone, then refreshed every 30 s while online, until
  // the door ends: its link stopped ("gone"), or half a day after the event ("over").
  // An ended door takes no more scans or searches: its state line says why.
  const ENDED_CONTROLS = "#scan-form input, #scan-form button, #camera-start, #search-form *";
  let ended = null;
  async function end(why) {
    if (why === "over") await door.wipe(); // what was to be sent, was tried first
    ended = why;
    local.gone(why);
    for (const control of document.querySelectorAll(ENDED_CONTROLS)) control.disabled = true;
    await local.state();
  }
  async function round() {
    if (ended) return;
    try {
      if ((await door.send(answered)) === "wiped") return end("gone");
    } catch (offline) {
      /* the pack is asked for all the same: it tells whether the link still works */
    }
    try {
      if ((await door.refresh()) === "wiped") return end("gone");
    } catch (offline) {
      /* judged from the pack on the phone meanwhile */
    }
    if (door.expired()) return end("over");
    if (door.ready) showLocal();
    await local.state();
  }
  async function start() {
    try {
      await door.load();
    } catch (unavailable) {
      return; // no IndexedDB here (a private window): each scan asks the server
    }
    if (door.ready) showLocal();
    await local.showConflicts();
    await round();
    setInterval(round, 30000);
    setInterval(() => local.state(), 5000);
    window.addEventListener("online", round);
    window.addEventListener("offline", () => local.state());
    door.endAtLogout(answered);
  }
  if (local) {
    start();
    door.install();
  }

  // The camera, where the browser can read QR codes itself.
  if (window.WerkplaatsCamera) {
    const refused = () => show("error", texts.noCamera);
    window.WerkplaatsCamera((text) => scanned({ code: text }), refused, code);
  }

  // With a mouse (a laptop with a hand scanner), a click anywhere but a control brings
  // the focus back to the code field. Not on a touch screen: it would pop up the keyboard.
  if (window.matchMedia && window.matchMedia("(pointer: fine)").matches) {
    document.addEventListener("click", (event) => {
      if (!event.target.closest("input, select, button, a, textarea, video")) code.focus();
    });
  }
})();
