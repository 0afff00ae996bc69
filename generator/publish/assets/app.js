/* holdspace player page: chapters and transcript that seek, and "Save for offline".
   Everything here works from this site alone: no request ever leaves it. */
"use strict";

(() => {
  const SCOPE = new URL("./", location.href).href;
  const AUDIO = "holdspace-audio " + SCOPE;
  const secure = window.isSecureContext && "serviceWorker" in navigator;
  const canSave = secure && "caches" in window;

  if (secure) navigator.serviceWorker.register("sw.js").catch(() => {});

  const fileUrl = (name) => new URL(name, SCOPE).href;
  // the page's own words, in its language (written into the page by holdspace publish)
  const WORDS = JSON.parse(document.body.dataset.words || "{}");
  const say = (key, values = {}) =>
    (WORDS[key] || key).replace(/\{(\w+)\}/g, (_, name) => String(values[name]));

  function clock(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor(s / 60) % 60;
    const pad = (n) => String(n).padStart(2, "0");
    return (h ? h + ":" + pad(m) : String(m)) + ":" + pad(s % 60);
  }

  /* The last item whose start is at or before t (what was just said / the chapter we are in). */
  function lastStarted(starts, t) {
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= t + 0.05) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  function vttSeconds(stamp) {
    return stamp.split(":").reduce((sum, part) => sum * 60 + Number(part), 0);
  }

  function decode(text) {
    return text
      .replace(/<[^>]*>/g, "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&nbsp;/g, "\u00a0")
      .replace(/&amp;/g, "&");
  }

  function parseVtt(text) {
    const cues = [];
    for (const block of text.replace(/\r\n?/g, "\n").split(/\n{2,}/)) {
      const lines = block.split("\n");
      const at = lines.findIndex((line) => line.includes("-->"));
      if (at < 0) continue;
      const [from, to] = lines[at].split("-->").map((p) => vttSeconds(p.trim().split(/\s+/)[0]));
      const words = decode(lines.slice(at + 1).join(" ")).trim();
      if (words && Number.isFinite(from)) cues.push({ start: from, end: to, text: words });
    }
    return cues;
  }

  function lineButton(start, label) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.start = String(start);
    const time = document.createElement("span");
    time.className = "time";
    time.textContent = clock(start);
    const words = document.createElement("span");
    words.textContent = label;
    button.append(time, words);
    li.append(button);
    return li;
  }

  function setUp(article) {
    const audio = article.querySelector("audio");
    const chapterButtons = [...article.querySelectorAll("ol.chapters button")];
    const chapterStarts = chapterButtons.map((b) => Number(b.dataset.start));
    const transcript = article.querySelector("details.transcript");
    const cueList = transcript.querySelector("ol.cues");
    let cueButtons = [];
    let cueStarts = [];
    let loading = null;
    let current = { chapter: -1, cue: -1 };

    function seek(seconds) {
      audio.currentTime = seconds;
      const playing = audio.play();
      if (playing) playing.catch(() => {});
      update();
    }

    function mark(buttons, index, previous) {
      if (index === previous) return false;
      if (previous >= 0 && buttons[previous]) buttons[previous].removeAttribute("aria-current");
      if (index >= 0 && buttons[index]) buttons[index].setAttribute("aria-current", "true");
      return true;
    }

    function update() {
      const t = audio.currentTime;
      const chapter = lastStarted(chapterStarts, t);
      if (mark(chapterButtons, chapter, current.chapter)) current.chapter = chapter;
      const cue = lastStarted(cueStarts, t);
      if (mark(cueButtons, cue, current.cue)) {
        current.cue = cue;
        if (cue >= 0 && transcript.open) {
          const li = cueButtons[cue].parentElement;
          cueList.scrollTop = Math.max(0, li.offsetTop - cueList.clientHeight / 3);
        }
      }
    }

    function loadTranscript() {
      if (loading) return loading;
      const status = document.createElement("li");
      status.className = "status";
      status.textContent = say("loading");
      cueList.replaceChildren(status);
      loading = fetch(fileUrl(transcript.dataset.vtt))
        .then((r) => {
          if (!r.ok) throw new Error(String(r.status));
          return r.text();
        })
        .then((text) => {
          const cues = parseVtt(text);
          cueList.replaceChildren(...cues.map((c) => lineButton(c.start, c.text)));
          cueButtons = [...cueList.querySelectorAll("button")];
          cueStarts = cues.map((c) => c.start);
          current.cue = -1;
          transcript.dataset.ready = "true";
          update();
        })
        .catch(() => {
          loading = null;
          status.textContent = navigator.onLine
            ? say("no_transcript")
            : say("transcript_offline");
        });
      return loading;
    }

    for (const button of chapterButtons) {
      button.addEventListener("click", () => seek(Number(button.dataset.start)));
    }
    cueList.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-start]");
      if (button) seek(Number(button.dataset.start));
    });
    transcript.addEventListener("toggle", () => {
      if (transcript.open) loadTranscript();
    });
    audio.addEventListener("play", () => loadTranscript(), { once: true });
    audio.addEventListener("timeupdate", update);
    audio.addEventListener("seeked", update);
  }

  /* -- offline ------------------------------------------------------------------------------- */

  async function isSaved(article) {
    const cache = await caches.open(AUDIO);
    return Boolean(await cache.match(fileUrl(article.dataset.audio)));
  }

  async function store(cache, name, progress) {
    const url = fileUrl(name);
    const response = await fetch(url, { cache: "no-store" });
    if (!response.ok) throw new Error(name + ": " + response.status);
    const type = response.headers.get("content-type") || "application/octet-stream";
    const total = Number(response.headers.get("content-length")) || 0;
    const reader = response.body.getReader();
    const chunks = [];
    let got = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      got += value.length;
      if (progress) progress(got, total);
    }
    const blob = new Blob(chunks, { type });
    const headers = { "Content-Type": type, "Content-Length": String(blob.size) };
    await cache.put(url, new Response(blob, { headers }));
  }

  function show(article, saved, text) {
    const button = article.querySelector("button.save");
    button.textContent = saved ? say("remove") : say("save");
    button.dataset.saved = saved ? "true" : "false";
    article.dataset.saved = saved ? "true" : "false";
    article.querySelector(".offline .status").textContent = text;
  }

  async function save(article) {
    const button = article.querySelector("button.save");
    const files = JSON.parse(article.dataset.files);
    const audioName = article.dataset.audio;
    button.disabled = true;
    try {
      if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
      const cache = await caches.open(AUDIO);
      for (const name of files.filter((f) => f !== audioName)) await store(cache, name);
      await store(cache, audioName, (got, total) => {
        const part = total ? Math.floor((100 * got) / total) + "%" : Math.round(got / 1e6) + " MB";
        show(article, false, say("saving") + " " + part);
      });
      show(article, true, say("saved_long"));
    } catch (error) {
      const full = error && error.name === "QuotaExceededError";
      show(article, false, full ? say("no_room") : navigator.onLine ? say("failed") : say("no_connection"));
      throw error;
    } finally {
      button.disabled = false;
    }
  }

  async function remove(article) {
    const cache = await caches.open(AUDIO);
    for (const name of JSON.parse(article.dataset.files)) await cache.delete(fileUrl(name));
    show(article, false, "");
  }

  async function setUpOffline(articles) {
    // one track has its own button: "save all" would say the same, in the plural
    document.querySelector(".offline-all").hidden = articles.length < 2;
    for (const article of articles) {
      article.querySelector(".offline").hidden = false;
      const saved = await isSaved(article);
      const away = !saved && !navigator.onLine;
      show(article, saved, saved ? say("saved") : away ? say("needs_connection") : "");
      article.querySelector("button.save").addEventListener("click", () => {
        const act = article.dataset.saved === "true" ? remove(article) : save(article);
        act.catch(() => {});
      });
    }
    const all = document.querySelector("button.save-all");
    const status = document.querySelector(".offline-all .status");
    all.addEventListener("click", async () => {
      all.disabled = true;
      try {
        const todo = articles.filter((a) => a.dataset.saved !== "true");
        for (const [i, article] of todo.entries()) {
          status.textContent = say("saving_n", { i: i + 1, n: todo.length });
          await save(article);
        }
        status.textContent = say("all_saved");
      } catch {
        status.textContent = say("some_failed");
      } finally {
        all.disabled = false;
      }
    });
  }

  const articles = [...document.querySelectorAll("article.track")];
  for (const article of articles) setUp(article);
  if (canSave) {
    setUpOffline(articles).then(() => document.body.setAttribute("data-offline-ready", "true"));
  } else {
    document.querySelector(".no-offline").hidden = false;
  }
})();
