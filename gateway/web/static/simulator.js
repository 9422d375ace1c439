// The phone simulator: feature phones that speak Africa's Talking's callback protocol.
//
// Every request here is one Africa's Talking would send (DOMAIN.md section 2): form-encoded
// POSTs, to the simulator's own addresses, which hand each form unchanged to the gateway's real
// webhooks (the webhook key is added there, never seen here). Nothing is a shortcut into the
// gateway, so whatever works here works on a real phone. Plain JavaScript, no build.
"use strict";

(function () {
  const settings = JSON.parse(document.getElementById("simulator-settings").textContent);
  const phonesElement = document.getElementById("phones");
  const template = document.getElementById("phone-template");
  const networkNames = new Map(settings.networks.map((n) => [n.code, n.name]));
  // Delivery reports already posted, by message id, for the whole page: two phones showing the
  // same number must not report one message twice (the gateway would shrug, but the log fills).
  const reported = new Set();
  const phones = [];
  const WIRE_LOG_LENGTH = 20;
  const sendHeld = document.getElementById("send-held");
  // Multi-tap, as on a feature phone: each press of a key moves along its letters; a pause
  // (or another key) keeps the letter shown.
  const LETTERS = {
    "1": ".,?!1", "2": "abc2", "3": "def3", "4": "ghi4", "5": "jkl5",
    "6": "mno6", "7": "pqrs7", "8": "tuv8", "9": "wxyz9", "0": " 0",
  };
  const MULTITAP_MS = 1000;
  const HELD_BECAUSE = {
    quiet_hours: ["quiet hours", "saa za utulivu"],
    retry: ["the network failed, trying again", "mtandao umeshindwa, inajaribu tena"],
  };

  function randomHex(bytes) {
    const values = new Uint8Array(bytes);
    crypto.getRandomValues(values);
    return Array.from(values, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // Africa's Talking's `date`: UTC, "yyyy-MM-dd HH:mm:ss".
  function atDate(moment) {
    return (moment || new Date()).toISOString().slice(0, 19).replace("T", " ");
  }

  // Africa's Talking always sends E.164 with "+"; a trainer may type 0754... or 255754...
  function e164(raw) {
    const text = raw.replace(/[\s-]/g, "");
    if (/^0\d{9}$/.test(text)) return "+255" + text.slice(1);
    if (/^255\d{9}$/.test(text)) return "+" + text;
    return text;
  }

  function clock(iso) {
    if (!iso) return "";
    const moment = new Date(iso);
    // East Africa Time, like the quiet hours and every date the gateway writes.
    return isNaN(moment) ? "" : moment.toLocaleTimeString([], { hour12: false, timeZone: "Africa/Dar_es_Salaam" });
  }

  // A form POST exactly as Africa's Talking makes it (the page's token rides in a header, so
  // the form stays Africa's Talking's); never throws (status 0 = no answer). `keepalive` lets
  // a tab that is closing still say its session ended.
  async function postForm(url, fields, keepalive = false) {
    try {
      const response = await fetch(url, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { [settings.csrfHeader]: settings.csrfToken },
        keepalive: keepalive,
      });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      return { status: 0, text: String(error) };
    }
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  class Phone {
    constructor(preset) {
      this.root = template.content.firstElementChild.cloneNode(true);
      this.find = (selector) => this.root.querySelector(selector);
      this.numberInput = this.find("[name=number]");
      this.networkSelect = this.find("[name=network]");
      this.screen = this.find(".screen-text");
      this.moreAbove = this.find(".more.above");
      this.moreBelow = this.find(".more.below");
      this.entry = this.find(".entry");
      this.softLeft = this.find(".soft-left");
      this.softRight = this.find(".soft-right");
      this.removeButton = this.find(".remove");
      this.note = this.find(".session-note");
      this.inboxList = this.find(".messages");
      this.inboxError = this.find(".inbox-error");
      this.wireLog = this.find(".wire-log");
      this.smsForm = this.find(".send-sms");

      this.state = "idle"; // idle | busy | con | end | error | timeout
      this.session = null;
      this.timer = null;
      this.messages = [];
      this.outgoing = [];
      this.normalised = null; // the number as the gateway normalised it, once the inbox answered
      this.shown = ""; // what the inbox list was last drawn from, to redraw only on change
      this.polling = false;
      this.pollAgain = false;
      this.pollTimer = null;
      this.removed = false;
      this.releasing = false;
      this.mode = "123"; // the keypad types digits, or letters by multi-tap ("abc")
      this.tap = null; // the key being multi-tapped and how far along its letters
      this.tapTimer = null;

      this.find(".who").textContent = preset.label;
      this.removeButton.setAttribute("aria-label", `Remove ${preset.label}`);
      this.numberInput.value = preset.number;
      for (const network of settings.networks) {
        const option = element("option", "", `${network.name} (${network.code})`);
        option.value = network.code;
        this.networkSelect.append(option);
      }
      this.networkSelect.value = preset.network;
      this.smsForm.elements.to.value = settings.shortcode;
      this.wire();
      this.idle();
      phonesElement.append(this.root);
      this.poll();
    }

    get number() {
      return e164(this.numberInput.value);
    }

    wire() {
      for (const key of this.root.querySelectorAll(".keypad .key, .softkeys .soft")) {
        // A click keeps (or puts) the focus in the entry line, so keypad and keyboard can be
        // mixed freely; a keyboard user's Tab and Space stay on the key they are on.
        key.addEventListener("mousedown", (event) => {
          event.preventDefault();
          this.entry.focus({ preventScroll: true });
        });
        key.addEventListener("click", () => this.press(key.dataset.key));
      }
      this.entry.addEventListener("keydown", (event) => {
        const lines = { ArrowDown: 1, ArrowUp: -1, PageDown: 4, PageUp: -4 }[event.key];
        if (lines) {
          event.preventDefault();
          this.scroll(lines);
        } else if (event.key === "Enter") {
          event.preventDefault();
          this.call();
        } else if (event.key === "Escape") {
          event.preventDefault();
          this.end();
        } else if (event.key.length === 1) {
          this.keepTap();
          if (this.isFinished()) this.idle(); // like any key on a real phone: dismiss the screen
        }
      });
      this.entry.addEventListener("input", () => this.drawSoftKeys());
      this.screen.addEventListener("scroll", () => this.drawScrollCue());
      this.numberInput.addEventListener("change", () => {
        this.numberInput.value = this.numberInput.value.trim();
        this.pollNow();
      });
      this.networkSelect.addEventListener("change", () => this.drawStatusBar());
      this.smsForm.addEventListener("submit", (event) => {
        event.preventDefault();
        const text = this.smsForm.elements.text.value;
        if (text.trim()) {
          this.smsForm.elements.text.value = "";
          this.sendSms(text, this.smsForm.elements.to.value.trim() || settings.shortcode);
        }
      });
      this.removeButton.addEventListener("click", () => this.remove());
    }

    isFinished() {
      return ["end", "error", "timeout"].includes(this.state);
    }

    show(text, state) {
      this.state = state;
      this.root.dataset.state = state;
      this.screen.textContent = text;
      this.screen.scrollTop = 0; // a new screen starts at its top, as on a phone
      // Read-only, not disabled, while the gateway answers: a disabled field loses the focus.
      this.entry.readOnly = state === "busy";
      this.entry.placeholder = state === "con" ? "answer / jibu" : "";
      this.drawSoftKeys();
      this.drawStatusBar();
      this.drawScrollCue();
    }

    // The soft keys say what they do now: Call/Send/OK on the left; on the right Clear while
    // there is text, else Cancel in a session, else Exit.
    drawSoftKeys() {
      const left = { con: "Send", idle: "Call", busy: "Send" }[this.state] || "OK";
      const right = this.entry.value ? "Clear" : this.state === "con" || this.state === "busy" ? "Cancel" : "Exit";
      this.softLeft.textContent = left;
      this.softRight.textContent = right;
    }

    // Scroll the screen by lines of text, as a phone's navigation keys do.
    scroll(lines) {
      const lineHeight = parseFloat(getComputedStyle(this.screen).lineHeight) || 15;
      this.screen.scrollTop += lines * lineHeight;
      this.drawScrollCue();
    }

    drawScrollCue() {
      const screen = this.screen;
      this.moreAbove.hidden = screen.scrollTop <= 0;
      this.moreBelow.hidden = screen.scrollTop + screen.clientHeight >= screen.scrollHeight - 1;
    }

    // Focus the entry line unless the user is elsewhere on the page (another phone, a field).
    keepFocus() {
      const focused = document.activeElement;
      if (!focused || focused === document.body || this.find(".handset").contains(focused)) {
        this.entry.focus({ preventScroll: true });
      }
    }

    drawStatusBar() {
      this.find(".net-name").textContent = networkNames.get(this.networkSelect.value) || "";
    }

    idle() {
      this.keepTap();
      this.entry.value = "";
      this.show(`Dial ${settings.serviceCode}\nPiga ${settings.serviceCode}`, "idle");
    }

    press(key) {
      if (key === "up" || key === "down") return this.scroll(key === "up" ? -1 : 1);
      if (key === "mode") return this.switchMode();
      if (key.length === 1) {
        if (this.state === "busy") return;
        if (this.isFinished()) this.idle();
        return this.type(key);
      }
      this.keepTap();
      if (key === "call") return this.call();
      if (key === "end") return this.end();
      if (key === "back") {
        if (this.entry.value) return this.clearOne();
        return this.state === "con" || this.state === "busy" ? this.end() : this.idle();
      }
      if (key === "clear") return this.clearOne();
    }

    clearOne() {
      this.entry.value = this.entry.value.slice(0, -1);
      this.drawSoftKeys();
    }

    switchMode() {
      this.keepTap();
      this.mode = this.mode === "123" ? "abc" : "123";
      this.find(".mode").textContent = this.mode;
      this.root.dataset.mode = this.mode;
    }

    // A keypad key: its digit, or in letter mode the next of its letters.
    type(key) {
      const letters = this.mode === "abc" ? LETTERS[key] : undefined;
      if (!letters) {
        this.entry.value += key;
      } else if (this.tap && this.tap.key === key) {
        this.tap.index = (this.tap.index + 1) % letters.length;
        this.entry.value = this.entry.value.slice(0, -1) + letters[this.tap.index];
      } else {
        this.entry.value += letters[0];
        this.tap = { key: key, index: 0 };
      }
      if (this.tap) {
        clearTimeout(this.tapTimer);
        this.tapTimer = setTimeout(() => this.keepTap(), MULTITAP_MS);
        // The letter still changing is selected, as a phone underlines it.
        const end = this.entry.value.length;
        this.entry.setSelectionRange(end - 1, end);
      }
      this.drawSoftKeys();
    }

    // Keep the letter being multi-tapped: the next press of that key starts a new letter.
    keepTap() {
      if (!this.tap) return;
      clearTimeout(this.tapTimer);
      this.tap = null;
      const end = this.entry.value.length;
      this.entry.setSelectionRange(end, end);
    }

    call() {
      if (this.state === "busy") return;
      if (this.state === "con") return this.answer(this.entry.value);
      if (this.state !== "idle") return this.idle(); // CALL is "OK" on a finished screen
      // CALL on an empty line redials the service code, as a phone redials the last number.
      const code = this.entry.value.trim() || settings.serviceCode;
      if (code !== settings.serviceCode) {
        this.show(`Connection problem or invalid MMI code.\n\nThis gateway answers ${settings.serviceCode}.`, "error");
        return;
      }
      this.session = {
        id: "ATUid_sim_" + randomHex(16),
        serviceCode: code,
        phone: this.number,
        network: this.networkSelect.value,
        inputs: [],
        hops: 0,
        started: Date.now(),
        lastResponse: "",
      };
      this.entry.value = "";
      this.note.textContent = `Session ${this.session.id}`;
      this.step();
    }

    end() {
      if (this.state === "con" || this.state === "busy") {
        // The citizen pressed cancel while the menu waited: Africa's Talking reports Incomplete.
        this.finish("Incomplete", null);
        this.idle();
      } else if (this.entry.value) {
        this.entry.value = "";
        this.drawSoftKeys();
      } else {
        this.idle();
      }
    }

    answer(value) {
      if (!value) return; // a phone will not send an empty reply
      this.session.inputs.push(value);
      this.entry.value = "";
      this.step();
    }

    async step() {
      const session = this.session;
      this.clearTimer();
      this.show("USSD code running...", "busy");
      const fields = {
        sessionId: session.id,
        serviceCode: session.serviceCode,
        phoneNumber: session.phone,
        networkCode: session.network,
        // Every answer of the session so far, joined by "*", even if an answer holds a "*".
        text: session.inputs.join("*"),
      };
      const reply = await postForm(settings.urls.ussd, fields);
      this.logWire(settings.urls.ussd, `text=${fields.text}`, reply);
      if (this.session !== session) return; // cancelled while the gateway answered
      session.hops += 1;
      if (reply.status !== 200 || !/^(CON|END) /.test(reply.text)) {
        // What a real phone shows for an HTTP error or a body without CON/END.
        this.show("Connection problem or invalid MMI code.", "error");
        this.keepFocus();
        this.finish("Failed", `HTTP ${reply.status}: ${reply.text.slice(0, 200)}`);
        return;
      }
      session.lastResponse = reply.text;
      if (reply.text.startsWith("END ")) {
        this.show(reply.text.slice(4), "end");
        this.keepFocus(); // typing the code again and Enter dials again
        this.finish("Success", null);
        return;
      }
      this.show(reply.text.slice(4), "con");
      this.keepFocus();
      this.timer = setTimeout(() => {
        if (this.session !== session) return;
        this.show("Session timed out\nMuda umekwisha", "timeout");
        this.finish("Incomplete", null);
      }, settings.sessionTimeoutSeconds * 1000);
    }

    clearTimer() {
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
    }

    // Close the session and post Africa's Talking's end-of-session notification for it.
    async finish(status, error) {
      const session = this.session;
      this.session = null;
      this.clearTimer();
      if (!session) return;
      const fields = this.endFields(session, status, error);
      const reply = await postForm(settings.urls.events, fields);
      this.logWire(settings.urls.events, `status=${status}`, reply);
      const outcome = reply.status === 200 ? "" : ` (notification refused: ${reply.status})`;
      this.note.dataset.status = status;
      this.note.textContent =
        `Session ${session.id} ended: ${status}, ${session.hops} hops, ` +
        `${Math.round(fields.durationInMillis / 1000)} s${outcome}`;
    }

    endFields(session, status, error) {
      const fields = {
        date: atDate(),
        sessionId: session.id,
        serviceCode: session.serviceCode,
        networkCode: session.network,
        phoneNumber: session.phone,
        status: status,
        cost: "0",
        durationInMillis: String(Date.now() - session.started),
        hopsCount: String(session.hops),
        hopsMetadata: "",
        input: session.inputs.length ? session.inputs[session.inputs.length - 1] : "",
        lastAppResponse: session.lastResponse,
      };
      if (error) fields.errorMessage = error;
      return fields;
    }

    // --- SMS -------------------------------------------------------------------------------

    async sendSms(text, to) {
      const message = {
        id: "ATSMS_sim_" + randomHex(16),
        from: this.number,
        to: to,
        text: text,
        at: new Date().toISOString(),
        state: "sending",
      };
      this.outgoing.push(message);
      this.drawInbox(true);
      const reply = await postForm(settings.urls.incoming, {
        from: message.from,
        to: to,
        text: text,
        date: atDate(new Date(message.at)),
        id: message.id,
        networkCode: this.networkSelect.value,
      });
      this.logWire(settings.urls.incoming, `text=${text}`, reply);
      message.state = reply.status === 200 ? "sent" : `refused (${reply.status || "no answer"})`;
      this.drawInbox(true);
      this.pollNow(); // the reply is in the outbox already: show it without waiting
    }

    pollNow() {
      clearTimeout(this.pollTimer);
      if (this.polling) {
        this.pollAgain = true;
      } else {
        this.poll();
      }
    }

    async poll() {
      if (this.removed) return;
      this.polling = true;
      try {
        const url = `${settings.urls.inbox}?phone=${encodeURIComponent(this.numberInput.value)}`;
        const response = await fetch(url, { cache: "no-store" });
        const data = response.headers.get("content-type") === "application/json" ? await response.json() : {};
        if (response.ok) {
          this.normalised = data.phone;
          this.messages = data.messages;
          this.showInboxError(null);
        } else {
          this.normalised = null;
          this.messages = [];
          this.showInboxError(data.error || `The inbox answered ${response.status}`);
        }
        this.drawInbox(false);
        this.reportDeliveries();
        this.releaseHeld();
      } catch (error) {
        this.showInboxError("The gateway does not answer (is it running?)");
      } finally {
        this.polling = false;
        if (!this.removed) {
          const wait = this.pollAgain ? 0 : settings.pollSeconds * 1000;
          this.pollAgain = false;
          this.pollTimer = setTimeout(() => this.poll(), wait);
        }
      }
    }

    // The training switch: ask the gateway to send now what it holds for the morning.
    async releaseHeld() {
      if (!sendHeld.checked || this.releasing || !this.normalised) return;
      if (!this.messages.some((m) => m.held && m.held.reason === "quiet_hours")) return;
      this.releasing = true;
      const reply = await postForm(settings.urls.release, { phone: this.normalised });
      this.logWire(settings.urls.release, "held SMS", reply);
      this.releasing = false;
      this.pollNow();
    }

    showInboxError(text) {
      this.inboxError.hidden = !text;
      this.inboxError.textContent = text || "";
    }

    // As the network would: once a message reached the phone, post its delivery report. Only
    // for the simulator backend's own ids: a message that really went out through Africa's
    // Talking gets its real report from Africa's Talking.
    reportDeliveries() {
      for (const message of this.messages) {
        const id = message.provider_message_id;
        if (message.status !== "sent" || !id || reported.has(id)) continue;
        if (!id.startsWith(settings.simulatedIdPrefix)) continue;
        reported.add(id);
        const fields = {
          id: id,
          status: "Success",
          phoneNumber: this.normalised || this.number,
          networkCode: this.networkSelect.value,
          retryCount: "0",
        };
        postForm(settings.urls.delivery, fields).then((reply) => {
          this.logWire(settings.urls.delivery, `id=${id} status=Success`, reply);
          if (reply.status !== 200) reported.delete(id); // try again, as Africa's Talking does
          this.pollNow();
        });
      }
    }

    drawInbox(force) {
      const mine = this.outgoing.filter((m) => m.from === this.number);
      const picture = JSON.stringify([this.messages, mine]);
      if (!force && picture === this.shown) return;
      const firstDraw = this.shown === "";
      const before = new Set(Array.from(this.inboxList.children, (li) => li.dataset.key));
      this.shown = picture;
      const items = [
        ...this.messages.map((m) => ({ at: m.created_at, order: 1, node: this.inboxItem(m) })),
        ...mine.map((m) => ({ at: m.at, order: 0, node: this.outgoingItem(m) })),
      ];
      items.sort((a, b) => new Date(a.at) - new Date(b.at) || a.order - b.order);
      this.inboxList.replaceChildren(...items.map((item) => item.node));
      if (!firstDraw) {
        for (const li of this.inboxList.children) {
          if (!before.has(li.dataset.key)) li.classList.add("new");
        }
      }
      this.inboxList.scrollTop = this.inboxList.scrollHeight;
    }

    inboxItem(message) {
      const li = element("li", `sms in status-${message.status}`);
      li.dataset.testid = "sms";
      li.dataset.key = `in-${message.id}`;
      li.dataset.status = message.status;
      li.append(element("div", "sms-text", message.text));
      const meta = element("div", "sms-meta");
      const status = element("span", "sms-status", message.status);
      status.dataset.testid = "sms-status";
      status.title = message.failure_reason || message.purpose;
      meta.append(status, ` · ${clock(message.delivered_at || message.sent_at || message.created_at)}`);
      meta.append(` · ${message.purpose}`);
      li.append(meta);
      if (message.held) {
        // Why it has not gone yet, e.g. "held until 07:00: quiet hours".
        const [english, swahili] = HELD_BECAUSE[message.held.reason] || [message.held.reason, ""];
        const held = element("div", "sms-held", `held until ${message.held.clock}: ${english} `);
        held.dataset.testid = "sms-held";
        const sw = element("span", "sw", `(inasubiri hadi ${message.held.clock}: ${swahili})`);
        sw.lang = "sw";
        held.append(sw);
        li.append(held);
      }
      return li;
    }

    outgoingItem(message) {
      const li = element("li", "sms out");
      li.dataset.testid = "sms-out";
      li.dataset.key = `out-${message.id}`;
      li.dataset.state = message.state;
      li.append(element("div", "sms-text", message.text));
      li.append(element("div", "sms-meta", `to ${message.to} · ${message.state} · ${clock(message.at)}`));
      return li;
    }

    logWire(url, summary, reply) {
      const line = `POST ${url} ${summary} -> ${reply.status} ${reply.text.trim().slice(0, 60)}`;
      this.wireLog.append(element("li", "", line));
      while (this.wireLog.children.length > WIRE_LOG_LENGTH) this.wireLog.firstElementChild.remove();
    }

    remove() {
      if (phones.length <= 1) return;
      if (this.session) this.finish("Incomplete", null);
      this.removed = true;
      clearTimeout(this.pollTimer);
      phones.splice(phones.indexOf(this), 1);
      this.root.remove();
      drawRemoveButtons();
      document.getElementById("add-phone").focus();
    }
  }

  // The last phone cannot go, so it shows no remove button.
  function drawRemoveButtons() {
    for (const phone of phones) phone.removeButton.hidden = phones.length <= 1;
  }

  function addPhone() {
    const index = phones.length;
    const preset = settings.phones[index] || {
      number: "+255754" + String(index + 1).padStart(6, "0"),
      network: settings.networks[0].code,
      label: `Phone ${index + 1} (simu)`,
    };
    const phone = new Phone(preset);
    phones.push(phone);
    drawRemoveButtons();
    return phone;
  }

  document.getElementById("add-phone").addEventListener("click", addPhone);
  sendHeld.addEventListener("change", () => {
    for (const phone of phones) phone.releaseHeld();
  });
  // A tab closed mid-session is a phone that went away: Africa's Talking would say Incomplete.
  window.addEventListener("pagehide", () => {
    for (const phone of phones) {
      if (!phone.session) continue;
      postForm(settings.urls.events, phone.endFields(phone.session, "Incomplete", null), true);
    }
  });
  addPhone();
})();
