// Names for the widgets Django's admin builds in the browser, so screen readers can announce them.
// - Autocomplete fields (select2): the combobox is named by the field's label plus its value, and the
//   read-only textbox that shows the value by the label; select2 alone points only at the value,
//   which is empty until something is chosen.
// - The filter boxes of many-to-many fields: the magnifier icon carries an aria-label, which a plain
//   span may not; as an image it may.
// New inline rows get the same treatment: the observer sees every widget that appears.
(function () {
  "use strict";

  function labelId(select) {
    const label = document.querySelector('label[for="' + select.id + '"]');
    if (!label) {
      return null;
    }
    if (!label.id) {
      label.id = select.id + "-label";
    }
    return label.id;
  }

  function nameComboboxes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const container = select.nextElementSibling;
      const combobox = container && container.querySelector('.select2-selection[role="combobox"]');
      const id = labelId(select);
      if (combobox && id) {
        const rendered = combobox.querySelector(".select2-selection__rendered");
        combobox.setAttribute("aria-labelledby", rendered && rendered.id ? id + " " + rendered.id : id);
        if (rendered) {
          rendered.setAttribute("aria-labelledby", id);  // select2 makes it a read-only textbox
        }
      }
    });
  }

  function nameFilterIcons(root) {
    root.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function improve() {
    nameComboboxes(document);
    nameFilterIcons(document);
  }

  window.addEventListener("load", function () {
    improve();
    new MutationObserver(improve).observe(document.body, {childList: true, subtree: true});
  });
})();
