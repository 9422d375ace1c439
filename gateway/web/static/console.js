// The console works without this script. With it, each text box whose words go to the citizen
// by SMS counts them as the SMS will carry them: GSM-7 characters (^ { } [ ] ~ \ | and the euro
// sign count twice), the SMS's fixed words included, and how many parts that makes.
(function () {
  "use strict";
  var EXTENDED = "^{}[]~\\|\u20ac";

  function septets(text) {
    var count = 0;
    for (var i = 0; i < text.length; i += 1) {
      count += EXTENDED.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
    }
    return count;
  }

  function parts(total) {
    return total <= 160 ? 1 : Math.ceil(total / 153);
  }

  function update(box) {
    var out = document.getElementById(box.getAttribute("data-counter"));
    if (!out) {
      return;
    }
    var base = Number(box.getAttribute("data-base"));
    var limit = Number(box.getAttribute("data-limit"));
    var words = box.value.replace(/\s+/g, " ").trim();
    var used = septets(words);
    out.textContent = box.getAttribute("data-template")
      .replace("{used}", String(used))
      .replace("{room}", String(limit - base))
      .replace("{parts}", String(parts(base + used)));
    out.className = base + used > limit ? "counter over" : "counter";
  }

  var boxes = document.querySelectorAll("textarea[data-counter]");
  for (var i = 0; i < boxes.length; i += 1) {
    boxes[i].addEventListener("input", function (event) {
      update(event.target);
    });
    update(boxes[i]);
  }
})();
