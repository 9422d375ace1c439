// The phone simulator: feature phones that speak Africa's Talking's callback protocol.
//
// Every request here is one Africa's Talking would send (DOMAIN.md section 2): form-encoded
// POSTs to the gateway's own webhooks, with the webhook key in the URL. Nothing is a shortcut
// into the gateway, so whatever works here works on a real phone. Plain JavaScript, no build.
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
    return isNaN(moment) ? "" : moment.toLocaleTimeString([], { hour12: false });
  }

  // A form POST exactly as Africa's Talking makes it; never throws (status 0 = no answer).
  async function postForm(url, fields) {
    try {
      const response = await fetch(url, { method: "POST", body: new URLSearchParams(fields) });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      return { status: 0, text: String(error) };
    }
  }

  // The path without the query, so the key never shows on screen.
  function pathOf(url) {
    return url.split("?")[0];
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
      this.entry = this.find(".entry");
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

      this.find(".who").textContent = preset.label;
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
      for (const key of this.root.querySelectorAll(".keypad .key")) {
        // Keep the focus in the entry line, so keypad and keyboard can be mixed freely.
        key.addEventListener("mousedown", (event) => event.preventDefault());
        key.addEventListener("click", () => this.press(key.dataset.key));
      }
      this.entry.addEventListener("keydown", (event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          this.call();
        } else if (event.key === "Escape") {
          event.preventDefault();
          this.end();
        } else if (event.key.length === 1 && this.isFinished()) {
          this.idle(); // like any key on a real phone: dismiss the last screen, start typing
        }
      });
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
      this.find(".remove").addEventListener("click", () => this.remove());
    }

    isFinished() {
      return ["end", "error", "timeout"].includes(this.state);
    }

    show(text, state) {
      this.state = state;
      this.root.dataset.state = state;
      this.screen.textContent = text;
      this.entry.disabled = state === "busy";
      this.entry.placeholder = state === "con" ? "answer / jibu" : "";
      this.find(".soft-left").textContent = state === "con" ? "Send" : state === "idle" ? "Call" : "OK";
      this.find(".soft-right").textContent = state === "con" ? "Cancel" : "Clear";
      this.drawStatusBar();
    }

    drawStatusBar() {
      this.find(".net-name").textContent = networkNames.get(this.networkSelect.value) || "";
    }

    idle() {
      this.show(`Dial ${settings.serviceCode}\nPiga ${settings.serviceCode}`, "idle");
      this.entry.value = "";
    }

    press(key) {
      if (key === "call") return this.call();
      if (key === "end") return this.end();
      if (key === "clear") {
        this.entry.value = this.entry.value.slice(0, -1);
        return;
      }
      if (this.state === "busy") return;
      if (this.isFinished()) this.idle();
      this.entry.value += key;
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
        this.finish("Failed", `HTTP ${reply.status}: ${reply.text.slice(0, 200)}`);
        return;
      }
      session.lastResponse = reply.text;
      if (reply.text.startsWith("END ")) {
        this.show(reply.text.slice(4), "end");
        this.finish("Success", null);
        return;
      }
      this.show(reply.text.slice(4), "con");
      this.entry.focus({ preventScroll: true });
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
        const data = await response.json();
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
      const line = `POST ${pathOf(url)} ${summary} -> ${reply.status} ${reply.text.trim().slice(0, 60)}`;
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
    }
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
    return phone;
  }

  document.getElementById("add-phone").addEventListener("click", addPhone);
  // A tab closed mid-session is a phone that went away: Africa's Talking would say Incomplete.
  window.addEventListener("pagehide", () => {
    for (const phone of phones) {
      if (!phone.session) continue;
      const fields = phone.endFields(phone.session, "Incomplete", null);
      navigator.sendBeacon(settings.urls.events, new URLSearchParams(fields));
    }
  });
  addPhone();
})();
