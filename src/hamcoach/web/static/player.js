// The guided session in the browser: one exercise at a time, timers for holds and
// rests with a ring, a beep and a vibration at the end of each, the screen kept awake,
// "cramp" and "pain" buttons that do what they do in the terminal, and a resume after
// leaving (the sets done are kept in this browser; the server knows what is logged).
// Without this script the page is a list of exercises with plain "done" forms.
(function () {
  "use strict";
  const root = document.getElementById("player");
  if (!root) return;
  const scale = parseFloat(root.dataset.scale || "1");
  const amberMax = parseInt(root.dataset.amberMax, 10);
  const crampRest = parseInt(root.dataset.crampRest, 10);
  const switchSeconds = parseInt(root.dataset.switch, 10);
  const csrf = root.dataset.csrf;
  const logUrl = root.dataset.logUrl;
  const day = root.dataset.day;
  const key = "hamcoach-session-" + root.dataset.session + "-" + day;
  const sections = Array.from(root.querySelectorAll("section.exercise"));
  const status = document.getElementById("player-status");
  let wakeLock = null;
  let epoch = 0;  // bumped when an exercise stops or a cramp interrupts: older timers end
  let cramping = Promise.resolve();  // a set waits for a cramp's rest to end
  let state = JSON.parse(localStorage.getItem(key) || "null") || { ex: 0, set: 0, sets: [] };
  while (state.ex < sections.length && sections[state.ex].dataset.done === "1") {
    state = { ex: state.ex + 1, set: 0, sets: [] };
  }

  function save() { localStorage.setItem(key, JSON.stringify(state)); }
  function say(text) { status.textContent = text; }

  let audio = null;  // one context for the whole session: browsers allow only a few
  function beep() {
    try {
      if (!audio) audio = new (window.AudioContext || window.webkitAudioContext)();
      const ctx = audio;
      const osc = ctx.createOscillator();
      osc.frequency.value = 880;
      osc.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.25);
    } catch (e) { /* no sound here */ }
    if (navigator.vibrate) navigator.vibrate(200);
  }

  async function keepAwake() {
    try {
      if ("wakeLock" in navigator && !wakeLock) wakeLock = await navigator.wakeLock.request("screen");
    } catch (e) { wakeLock = null; }
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && wakeLock) { wakeLock = null; keepAwake(); }
  });

  // A countdown of `seconds` (timer seconds, scaled) shown in the ring; resolves at 0.
  function countdown(label, seconds) {
    const mine = epoch;
    const ring = root.querySelector(".ring");
    const arc = ring.querySelector(".arc");
    const num = ring.querySelector(".num");
    const what = root.querySelector(".ring-label");
    ring.hidden = false;
    what.textContent = label;
    const total = Math.max(seconds, 0);
    return new Promise(function (resolve) {
      const started = performance.now();
      const length = 2 * Math.PI * 54;
      arc.style.strokeDasharray = length;
      function tick() {
        if (mine !== epoch) { resolve(false); return; }  // interrupted: no beep, not counted
        const passed = scale > 0 ? (performance.now() - started) / 1000 / scale : total;
        const left = Math.max(0, total - passed);
        num.textContent = Math.ceil(left);
        arc.style.strokeDashoffset = length * (1 - left / (total || 1));
        if (left <= 0) {
          ring.hidden = true;
          beep();
          resolve(true);
        } else {
          setTimeout(tick, scale > 0 ? Math.min(200, 200 * scale) : 0);
        }
      }
      tick();
    });
  }

  function show(index) {
    say("");
    sections.forEach(function (s, i) { s.hidden = i !== index; });
    root.querySelector(".counter").textContent =
      "Exercise " + (index + 1) + " of " + sections.length;
  }

  function setsOf(section) { return JSON.parse(section.dataset.sets); }

  function describe(set) {
    const side = set.side ? " (" + set.side + " side)" : "";
    if (set.hold) {
      const perRep = set.per_rep || 1;
      const reps = Math.max(1, Math.round((set.holds || 1) / perRep));
      const what = perRep > 1
        ? reps + " " + (set.unit || "reps") + " of " + perRep + " holds, " + set.hold + " s each"
        : (reps > 1 ? reps + " holds of " : "hold ") + set.hold + " s";
      return "Set " + set.set + side + ": " + what;
    }
    return "Set " + set.set + side + ": " + set.reps + " " + (set.unit || "reps");
  }

  async function runSet(section) {
    const sets = setsOf(section);
    const set = sets[state.set];
    const now = section.querySelector(".now");
    const go = section.querySelector(".go");
    now.textContent = describe(set);
    go.hidden = false;
    go.textContent = set.hold ? "Start the hold" : "Set done";
    const owner = state;  // the exercise this set is of: once it ends, the set counts nowhere
    await cramping;
    await new Promise(function (resolve) { go.onclick = resolve; });
    if (state !== owner) return;
    const mine = epoch;
    go.hidden = true;
    await keepAwake();
    if (set.hold) {
      const names = JSON.parse(section.dataset.names || "[]");
      const perRep = set.per_rep || 1;
      const reps = Math.max(1, Math.round((set.holds || 1) / perRep));
      for (let r = 1; r <= reps; r++) {
        for (let h = 0; h < perRep; h++) {
          const name = names[h] || "hold";
          const where = reps > 1 ? (set.unit || "rep").replace(/s$/, "") + " " + r + "/" + reps + ", " : "";
          const done = await countdown(where + (perRep > 1 ? "hold " + (h + 1) + "/" + perRep + ": " + name : name), set.hold);
          if (!done) return;  // a cramp or a stop: this set does not count
        }
      }
    }
    if (mine !== epoch) return;
    state.sets.push({ reps: set.reps || 0, hold_seconds: set.hold || null,
                      load_kg: set.load || null, side: set.side || null });
    state.set += 1;
    save();
    if (state.set < sets.length) {
      const rest = parseInt(section.dataset.rest, 10);
      const next = sets[state.set];
      if (next.side && set.side && next.set === set.set) await countdown("Switch sides", switchSeconds);
      else await countdown("Rest", rest);
    }
  }

  async function finish(section, pain, note, noteSaid) {
    const body = { exercise_id: section.dataset.exercise, performed_on: day,
                   sets: state.sets.length ? state.sets : [{ reps: 0, good_form: false }],
                   pain: pain };
    const r = await fetch(logUrl, { method: "POST", credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrf-token": csrf },
      body: JSON.stringify(body) });
    const answer = await r.json();
    const out = section.querySelector(".result");
    if (!r.ok) { out.textContent = answer.detail || "Could not save; try again."; return false; }
    // a pause stops the exercise: no "next time" for it (the answer has none), and the
    // pause is never dropped; one made before this log is said as Today says it
    const paused = answer.pauses.join(" ") || (answer.stopped ? "Stopped for now. " +
      answer.stopped : "");
    const saved = paused ? "Saved. " + paused
      : "Saved. Next time: " + answer.next.name + ", " + answer.next.dose + ".";
    const text = note ? note + " " + saved : (paused ? saved : saved + " " + answer.why);
    out.textContent = text;
    if (paused) out.classList.add("alert");
    say(note && noteSaid ? saved : text);  // a stop already said is not said twice
    section.dataset.done = "1";
    return !answer.plan_paused;
  }

  function stopText(p) {
    return "Pain " + p + "/10 is above " + amberMax + ": stop this exercise now. " +
      "If it persists, see a physical therapist.";
  }

  function askPain(section, why) {
    const box = section.querySelector(".pain");
    box.hidden = false;
    box.querySelector("legend").textContent = why;
    return new Promise(function (resolve) {
      box.querySelectorAll("button").forEach(function (b) {
        b.onclick = function () { box.hidden = true; resolve(parseInt(b.value, 10)); };
      });
    });
  }

  async function runExercise(section) {
    const sets = setsOf(section);
    let stopped = null;
    section.querySelector(".cramp").onclick = function () {
      epoch += 1;  // a hold under way stops; the set is done again after the rest
      say("Cramp: stop, rest until it eases, then carry on.");
      cramping = countdown("Rest for the cramp", crampRest).then(function () {
        say("Carry on when the cramp has gone.");
      });
    };
    const painNow = new Promise(function (resolve) {
      section.querySelector(".hurt").onclick = async function () {
        const p = await askPain(section, "Pain now, 0-10");
        state.worst = Math.max(state.worst || 0, p);
        save();
        if (p > amberMax) {
          epoch += 1;  // the exercise stops: its timers end and count nothing
          say(stopText(p));
          resolve(p);
        } else {
          say("Pain " + p + "/10 noted. Carry on while it stays at " + amberMax + " or below.");
        }
      };
    });
    while (state.set < sets.length && stopped === null) {
      stopped = await Promise.race([runSet(section).then(function () { return null; }), painNow]);
    }
    epoch += 1;  // whatever still runs for this exercise ends here
    const go = section.querySelector(".go");  // no more sets of it: its buttons go
    go.onclick = null;
    go.hidden = true;
    section.querySelector(".tools").hidden = true;
    const pain = stopped !== null ? stopped
      : Math.max(state.worst || 0, await askPain(section, "Worst pain during or after, 0-10"));
    return finish(section, pain, pain > amberMax ? stopText(pain) : "", stopped !== null);
  }

  async function run() {
    root.querySelector(".start").hidden = true;
    sections.forEach(function (s) { s.querySelector(".tools").hidden = false; });
    await keepAwake();
    while (state.ex < sections.length) {
      show(state.ex);
      const section = sections[state.ex];
      const goOn = await runExercise(section);
      state = { ex: state.ex + 1, set: 0, sets: [] };
      save();
      if (!goOn) { say("Your plan is paused: stop training and see a physical therapist."); break; }
      if (state.ex < sections.length) {
        const next = section.querySelector(".next");
        next.hidden = false;
        next.focus();
        await new Promise(function (resolve) { next.onclick = resolve; });
        next.hidden = true;
      }
    }
    root.querySelector(".counter").textContent = "";
    root.querySelector(".finished").hidden = false;  // the last exercise's result stays shown
    localStorage.removeItem(key);
    if (wakeLock) { wakeLock.release(); wakeLock = null; }
  }

  root.classList.add("js");
  sections.forEach(function (s) { s.querySelectorAll(".plain").forEach(function (p) { p.hidden = true; }); });
  if (state.ex >= sections.length) {  // everything is logged already
    show(sections.length - 1);
    root.querySelector(".finished").hidden = false;
    return;
  }
  show(state.ex);
  const start = root.querySelector(".start");
  start.hidden = false;
  start.textContent = state.set > 0 || state.ex > 0 ? "Carry on where you stopped" : "Start";
  start.onclick = run;
})();
