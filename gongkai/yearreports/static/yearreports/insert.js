// The insert menu of the annual-report writing page: "插入" puts a placeholder such as
// {{申请.新收}} at the cursor of the section last edited. Without script the buttons stay
// hidden and the placeholders are typed or copied by hand.
(function () {
  "use strict";
  var last = null;
  document.addEventListener("focusin", function (event) {
    if (event.target.classList && event.target.classList.contains("yr-text")) {
      last = event.target;
    }
  });
  document.querySelectorAll(".yr-insert-button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var area = last || document.querySelector(".yr-text");
      if (!area) { return; }
      var text = button.getAttribute("data-insert");
      var start = area.selectionStart, end = area.selectionEnd;
      area.value = area.value.slice(0, start) + text + area.value.slice(end);
      area.focus();
      area.selectionStart = area.selectionEnd = start + text.length;
    });
  });
})();
