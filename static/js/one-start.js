// The start times form one radio group per day, so that the arrow keys stay within a day. Keep one
// start chosen across the days: choosing a time unticks the one chosen on another day. Without
// JavaScript the server refuses starts on several days and shows the times again with none ticked.
(function () {
  "use strict";
  document.querySelectorAll("[data-one-start]").forEach(function (group) {
    group.addEventListener("change", function (event) {
      var chosen = event.target;
      if (chosen.type !== "radio" || !chosen.checked) {
        return;
      }
      group.querySelectorAll("input[type=radio]:checked").forEach(function (radio) {
        if (radio !== chosen) {
          radio.checked = false;
        }
      });
    });
  });
})();
