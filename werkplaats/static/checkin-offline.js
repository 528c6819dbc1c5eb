// The offline door: the event's pack (who may enter, named by a keyed hash of their
// ticket code) kept in IndexedDB per door, every scan judged here from it, and every
// scan kept on the phone until the server has it (the batch endpoint, each scan with
// its own nonce and time, so sending it again writes nothing twice). The pack holds
// no ticket code: a scanned code is hashed with the pack's key and looked up.
// The reading of a code follows events/services/checkin.py `parse_code`.
(function () {
  "use strict";
  const DB_NAME = "werkplaats-door";
  const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const CODE_LENGTH = 26;
  const PREFIX = /^\s*WPS1\s*[:;]?/i;
  const SEPARATORS = /[\s\-\u2010\u2011\u2013\u2014_.]+/g;
  const BATCH = 200;
  const KEEP_AFTER_END = 12 * 3600 * 1000; // half a day after the event, the pack goes

  function readCode(text) {
    const upper = text.replace(SEPARATORS, "").toUpperCase();
    const code = upper.replace(/O/g, "0").replace(/[IL]/g, "1");
    if (code.length !== CODE_LENGTH) return null;
    for (const c of code) if (!ALPHABET.includes(c)) return null;
    return code;
  }

  function parseCode(text) {
    if (!text || text.length > 100) return null;
    return readCode(text.replace(PREFIX, "")) || readCode(text);
  }

  const fromB64 = (text) =>
    Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  const toB64 = (bytes) =>
    btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const placeKey = (registration, session) => registration + ":" + (session ?? "");
  const newNonce = () =>
    crypto.randomUUID ? crypto.randomUUID() : toB64(crypto.getRandomValues(new Uint8Array(18)));

  // IndexedDB in a few promises: packs by door (its base URL), scans by nonce.
  let opened = null;
  function database() {
    opened = opened || new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore("packs", { keyPath: "base" });
        request.result.createObjectStore("scans", { keyPath: "nonce" }).createIndex("base", "base");
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return opened;
  }
  async function store(name, mode, work) {
    const transaction = (await database()).transaction(name, mode);
    const request = work(transaction.objectStore(name));
    return new Promise((resolve, reject) => {
      transaction.oncomplete = () => resolve(request && request.result);
      transaction.onerror = transaction.onabort = () => reject(transaction.error);
    });
  }
  const scansOf = (base) => store("scans", "readonly", (s) => s.index("base").getAll(base));
  const putScans = (scans) =>
    store("scans", "readwrite", (s) => scans.forEach((scan) => s.put(scan)));

  function merged(old, pack) {
    if (pack.full || !old) return pack;
    const people = new Map(old.people.map((p) => [p.i, p]));
    for (const p of pack.people) people.set(p.i, p);
    const checkins = new Map(old.checkins.map((c) => [placeKey(c.i, c.p), c]));
    for (const c of pack.checkins) checkins.set(placeKey(c.i, c.p), c);
    return { ...pack, people: [...people.values()], checkins: [...checkins.values()] };
  }

  class Door {
    constructor(base, { scanner, headers }) {
      this.base = base;
      this.scanner = scanner;
      this.headers = headers || {};
      this.pack = null;
      this.sending = null;
      this.reachable = navigator.onLine;
      this.clear();
    }

    clear() {
      this.pack = null;
      this.byHash = new Map();
      this.byId = new Map();
      this.checkins = new Map();
      this.key = null;
    }

    get ready() {
      return this.key !== null;
    }

    async load() {
      const record = await store("packs", "readonly", (s) => s.get(this.base));
      if (record) await this.use(record);
      return record;
    }

    async use(record) {
      this.pack = record;
      this.byHash = new Map(record.people.map((p) => [p.h, p]));
      this.byId = new Map(record.people.map((p) => [p.i, p]));
      this.checkins = new Map(record.checkins.map((c) => [placeKey(c.i, c.p), c]));
      const algorithm = { name: "HMAC", hash: "SHA-256" };
      this.key = await crypto.subtle.importKey("raw", fromB64(record.key), algorithm, false, [
        "sign",
      ]);
      for (const scan of await scansOf(this.base)) if (!scan.sent) this.note(scan);
    }

    async request(path, options) {
      const headers = { Accept: "application/json", ...this.headers, ...(options || {}).headers };
      try {
        const response = await fetch(this.base + path, {
          credentials: "same-origin",
          cache: "no-store",
          ...options,
          headers,
        });
        this.reachable = true;
        return response;
      } catch (error) {
        this.reachable = false;
        throw error;
      }
    }

    // The pack, whole the first time, then only what changed since its cursor.
    async refresh() {
      const since = this.pack ? "?since=" + encodeURIComponent(this.pack.cursor) : "";
      const response = await this.request("/pack" + since);
      if (response.status === 404) return this.wipe(); // the link was stopped
      if (response.status === 401 || response.status === 403) return this.forgetPack();
      if (!response.ok) throw new Error("pack " + response.status);
      const record = merged(this.pack, await response.json());
      record.base = this.base;
      record.fetched_at = new Date().toISOString();
      await store("packs", "readwrite", (s) => s.put(record));
      await this.use(record);
      return "fresh";
    }

    expired() {
      return !!this.pack && Date.now() > Date.parse(this.pack.event.ends_at) + KEEP_AFTER_END;
    }

    async hash(code) {
      const signed = await crypto.subtle.sign("HMAC", this.key, new TextEncoder().encode(code));
      return toB64(new Uint8Array(signed).slice(0, this.pack.hash_bytes));
    }

    live(registration, session) {
      const checkin = this.checkins.get(placeKey(registration, session));
      return checkin && !checkin.u ? checkin : null;
    }

    // What the server would answer, from the pack: {status, person, at, by}.
    async judge(what, session) {
      let person = null;
      if (what.registration != null) {
        person = this.byId.get(what.registration) || null;
      } else {
        const code = parseCode(what.code);
        person = code ? this.byHash.get(await this.hash(code)) || null : null;
      }
      if (!person) return { status: "unknown", person };
      if (person.s === "cancelled") return { status: "cancelled", person };
      if (person.s !== "registered") return { status: "not_admitted", person };
      const admitted = session != null ? this.pack.admissions[String(session)] : null;
      if (admitted && !admitted.includes(person.i)) {
        return { status: "not_admitted", person, keptOut: true };
      }
      const live = this.live(person.i, session);
      if (live) return { status: "already_checked_in", person, at: live.at, by: live.by };
      return { status: "ok", person, at: new Date().toISOString(), by: this.scanner };
    }

    // A judged scan kept until the server has it; an admission counts here at once.
    async record(what, session, verdict) {
      const scan = {
        nonce: newNonce(),
        base: this.base,
        scanned_at: verdict.at && verdict.status === "ok" ? verdict.at : new Date().toISOString(),
        session: session ?? null,
        judged: verdict.status,
        who: verdict.person ? verdict.person.i : null,
        sent: false,
      };
      if (what.registration != null) scan.registration = what.registration;
      else scan.code = what.code;
      await putScans([scan]);
      this.note(scan);
      return scan;
    }

    note(scan) {
      if (scan.judged !== "ok" || scan.who == null) return;
      const places = scan.session == null ? [null] : [scan.session, null];
      for (const place of places) {
        if (this.live(scan.who, place)) continue;
        const checkin = { i: scan.who, p: place, at: scan.scanned_at, by: this.scanner, u: false };
        this.checkins.set(placeKey(scan.who, place), checkin);
      }
    }

    all() {
      return scansOf(this.base);
    }

    async waiting() {
      return (await scansOf(this.base)).filter((scan) => !scan.sent);
    }

    // Everything waiting, in batches, once: a second call joins the first.
    send(onResults) {
      this.sending = this.sending || this.sendAll(onResults).finally(() => (this.sending = null));
      return this.sending;
    }

    async sendAll(onResults) {
      for (;;) {
        const waiting = (await this.waiting()).sort((a, b) =>
          a.scanned_at < b.scanned_at ? -1 : 1
        );
        if (!waiting.length) return "sent";
        const batch = waiting.slice(0, BATCH);
        const response = await this.request("/batch", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ scans: batch.map(wire) }),
        });
        if (response.status === 404) return this.wipe();
        const body = await response.json().catch(() => null);
        if (response.status === 422 && body && body.errors) {
          // A scan the server will never take (a clock far off): set it aside, shown.
          const why = (n) =>
            Object.entries(body.errors).find(([key]) => key.startsWith("scans[" + n + "]"));
          const refused = batch.filter((scan, n) => why(n));
          if (!refused.length) throw new Error("batch refused");
          refused.forEach((scan) => {
            scan.sent = true;
            scan.failed = why(batch.indexOf(scan))[1];
          });
          await putScans(refused);
          onResults(refused.map((scan) => ({ scan, result: null })));
          continue;
        }
        if (!response.ok || !body) throw new Error("batch " + response.status);
        const byNonce = new Map(body.results.map((result) => [result.nonce, result]));
        const answered = batch.filter((scan) => byNonce.has(scan.nonce));
        answered.forEach((scan) => {
          scan.sent = true;
          scan.result = byNonce.get(scan.nonce);
        });
        await putScans(answered);
        onResults(answered.map((scan) => ({ scan, result: scan.result })));
      }
    }

    // Everything this door kept: the pack, its scans, the page in the worker's cache.
    async wipe() {
      const scans = await scansOf(this.base);
      await store("scans", "readwrite", (s) => scans.forEach((scan) => s.delete(scan.nonce)));
      await this.forgetPack();
      if (window.caches) {
        for (const name of await caches.keys()) {
          const cache = await caches.open(name);
          for (const request of await cache.keys()) {
            if (new URL(request.url).pathname.startsWith(this.base)) await cache.delete(request);
          }
        }
      }
      return "wiped";
    }

    // Logging out ends what this phone keeps of the door (sent first if it can be).
    endAtLogout(onResults) {
      const logout = document.querySelector('form[action="/logout"]');
      if (!logout) return;
      logout.addEventListener("submit", async (event) => {
        event.preventDefault();
        try {
          await this.send(onResults);
        } catch (offline) {
          /* logged out all the same */
        }
        await this.wipe();
        logout.submit();
      });
    }

    // Installable: the worker keeps this page and its scripts for opening offline.
    install() {
      if (!("serviceWorker" in navigator)) return;
      const scope = this.base.startsWith("/scan/") ? "/scan/" : "/checkin/";
      navigator.serviceWorker
        .register("/checkin-sw.js", { scope })
        .then(() => navigator.serviceWorker.ready)
        .then((registration) => registration.active.postMessage({ keep: location.href }))
        .catch(() => null); // the door works online all the same
    }

    async forgetPack() {
      await store("packs", "readwrite", (s) => s.delete(this.base));
      this.clear();
      return "forgotten";
    }
  }

  function wire(scan) {
    const sent = { nonce: scan.nonce, scanned_at: scan.scanned_at, judged: scan.judged };
    if (scan.session != null) sent.session = scan.session;
    if (scan.registration != null) sent.registration = scan.registration;
    else sent.code = scan.code;
    return sent;
  }

  const supported = () => !!(window.indexedDB && window.crypto && crypto.subtle && window.fetch);
  window.WerkplaatsDoor = { Door, parseCode, supported };
})();
