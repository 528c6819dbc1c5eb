// What the door shows from its pack: the answer to a scan in the words the server
// uses (the texts come from the page, through gettext), counts, the last check-ins,
// people found by name, the state line ("offline — 12 scans wachten") with the
// pack's age, and the list "Let op" of scans the server could not take as judged.
(function () {
  "use strict";
  const RECENT = 8;
  const FOUND = 20;
  // As werkplaats.i18n.format_clock: the event's clock, 13.30 in Dutch, 13:30 in English.
  const clockFormat = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "Europe/Amsterdam",
  });
  const separator = document.documentElement.lang === "nl" ? "." : ":";
  const clock = (iso) => clockFormat.format(new Date(iso)).replace(":", separator);
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
  const fold = (text) =>
    (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

  window.WerkplaatsDoorView = function (door, texts) {
    const stateLine = document.getElementById("door-state");
    const packLine = document.getElementById("door-pack");
    const attention = document.getElementById("door-conflicts");
    const conflicts = document.getElementById("conflicts");
    const said = texts.says;
    let everSent = false;
    let gone = null; // why the door ended: "gone" or "over"

    function message(verdict) {
      const person = verdict.person;
      const name = person ? person.n : "";
      let text = said[verdict.status] || said.unknown;
      if (verdict.status === "not_admitted" && !verdict.keptOut) {
        text = said["not_admitted_" + person.s] || text;
      }
      return fill(text, { name, time: verdict.at ? clock(verdict.at) : "?" });
    }

    function answer(verdict) {
      const person = verdict.person;
      const shown = verdict.status === "ok" || verdict.status === "already_checked_in";
      return {
        status: verdict.status,
        message: message(verdict),
        organisation: shown ? person.o : null,
        ribbon: shown && person.r ? texts.ribbons[person.r] : null,
        checked_in_by: verdict.by || null,
      };
    }

    function livesAt(session) {
      const place = session ?? null;
      return [...door.checkins.values()].filter((c) => !c.u && (c.p ?? null) === place);
    }

    function counts(session) {
      let expected = 0;
      for (const person of door.byId.values()) if (person.s === "registered") expected++;
      return { counts: { in: livesAt(session).length, expected } };
    }

    function recent(session) {
      const last = livesAt(session)
        .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
        .slice(0, RECENT);
      return {
        recent: last.map((c) => {
          const person = door.byId.get(c.i) || { n: "?", o: "" };
          return { name: person.n, organisation: person.o, time: clock(c.at) };
        }),
      };
    }

    // As the server's search (those with a seat first), over what the pack has:
    // names and organisations.
    function search(q, session) {
      const words = fold(q).split(/\s+/).filter(Boolean);
      const found = [...door.byId.values()]
        .filter((p) => words.every((word) => fold(p.n + " " + p.o).includes(word)))
        .sort((a, b) => (a.s !== "registered") - (b.s !== "registered") || a.n.localeCompare(b.n))
        .slice(0, FOUND);
      return found.map((p) => {
        const live = door.live(p.i, session);
        return {
          registration: p.i,
          name: p.n,
          organisation: p.o,
          status: p.s,
          status_label: texts.statuses[p.s] || p.s,
          checked_in_at: live ? live.at : null,
          time: live ? clock(live.at) : null,
        };
      });
    }

    function conflict(scan, result) {
      everSent = true;
      const person = door.byId.get(scan.who);
      const item = document.createElement("li");
      const who = document.createElement("strong");
      // never the ticket code itself: it lets someone in
      who.textContent = (result && result.name) || (person ? person.n : said.unknown);
      const kind = result ? texts.conflicts[result.conflict] : texts.notTaken;
      const detail = result ? result.message : scan.failed;
      const what = kind + (detail ? ": " + detail : "");
      item.append(who, " · " + clock(scan.scanned_at) + " · " + what);
      conflicts.prepend(item);
      attention.hidden = false;
    }

    async function showConflicts() {
      const scans = (await door.all()).sort((a, b) => (a.scanned_at < b.scanned_at ? -1 : 1));
      for (const scan of scans) {
        if (scan.failed || (scan.result && scan.result.conflict)) conflict(scan, scan.result);
      }
    }

    async function state() {
      const waiting = (await door.waiting()).length;
      const online = navigator.onLine && door.reachable;
      let text;
      if (gone) text = texts[gone];
      else if (!online) {
        const many = waiting === 1 ? texts.waitingOne : texts.waiting;
        text = waiting ? fill(many, { num: waiting }) : texts.offline;
      } else if (waiting) text = fill(texts.sending, { num: waiting });
      else text = everSent ? texts.allSent : texts.online;
      if (stateLine.textContent !== text) stateLine.textContent = text;
      stateLine.className = "door-state is-" + (gone ? "gone" : online ? "online" : "offline");
      stateLine.hidden = false;
      if (door.pack) {
        const minutes = Math.floor((Date.now() - Date.parse(door.pack.fetched_at)) / 60000);
        const age = fill(texts.packOf, { time: clock(door.pack.fetched_at) });
        const old = fill(texts.minutesOld, { num: minutes });
        packLine.textContent = minutes >= 1 ? age + " · " + old : age;
      } else {
        packLine.textContent = gone ? "" : texts.noPack;
      }
    }

    return {
      answer,
      counts,
      recent,
      search,
      conflict,
      showConflicts,
      state,
      gone: (why) => (gone = why),
      sent: () => (everSent = true),
    };
  };
})();
