// SCM Gateway — the hosted consent and access pages (served as /assets/secure-git-connect-page.js).
//
// A progressive enhancement for long repository lists: a search filter and "select all / none".
// Without JavaScript the page is a plain form with one checkbox per repository, and still works.
//
// Markup hooks it expects (the page's own markup; the script adds nothing else to the form data):
//   <fieldset data-repo-list>                     one list of repository checkboxes (one per account)
//     <label data-repo-item data-repo-name="acme/api">
//       <input type="checkbox" name="repositories" value="…"> acme/api
//     </label>
//     …
//   </fieldset>
// Optional, inside a [data-repo-list] (created by the script before the first item when absent):
//   <input type="search" data-repo-search>        filters items whose data-repo-name (or text)
//                                                  contains what is typed, case-insensitive
//   <input type="checkbox" data-repo-select-all>  ticks or unticks every item shown by the filter
//   <span data-repo-count></span>                 "N of M shown, K selected" (a polite live region)
// Hidden items keep their checked state: filtering never changes what the form submits.
(function () {
  'use strict';

  function items(list) {
    return Array.prototype.slice.call(list.querySelectorAll('[data-repo-item]'));
  }

  function boxOf(item) {
    return item.querySelector('input[type="checkbox"]');
  }

  function nameOf(item) {
    return (item.getAttribute('data-repo-name') || item.textContent || '').toLowerCase();
  }

  var counter = 0;

  function tools(list, first) {
    var search = list.querySelector('[data-repo-search]');
    var selectAll = list.querySelector('[data-repo-select-all]');
    var count = list.querySelector('[data-repo-count]');
    if (search && selectAll && count) return { search: search, selectAll: selectAll, count: count };
    counter += 1;
    var bar = document.createElement('div');
    bar.className = 'repo-tools';
    if (!search) {
      var searchLabel = document.createElement('label');
      searchLabel.textContent = 'Filter this list ';
      search = document.createElement('input');
      search.type = 'search';
      search.setAttribute('data-repo-search', '');
      search.setAttribute('autocomplete', 'off');
      search.id = 'repo-search-' + counter;
      searchLabel.appendChild(search);
      bar.appendChild(searchLabel);
    }
    if (!selectAll) {
      var allLabel = document.createElement('label');
      selectAll = document.createElement('input');
      selectAll.type = 'checkbox';
      selectAll.setAttribute('data-repo-select-all', '');
      allLabel.appendChild(selectAll);
      allLabel.appendChild(document.createTextNode(' Select all matching'));
      bar.appendChild(allLabel);
    }
    if (!count) {
      count = document.createElement('span');
      count.className = 'muted';
      count.setAttribute('data-repo-count', '');
      bar.appendChild(count);
    }
    if (!count.hasAttribute('aria-live')) count.setAttribute('aria-live', 'polite');
    first.parentNode.insertBefore(bar, first);
    return { search: search, selectAll: selectAll, count: count };
  }

  function enhance(list) {
    var all = items(list);
    if (all.length === 0) return;
    var t = tools(list, all[0]);

    function update() {
      var shown = all.filter(function (item) {
        return !item.hidden;
      });
      var checked = all.filter(function (item) {
        var box = boxOf(item);
        return box && box.checked;
      }).length;
      var shownChecked = shown.filter(function (item) {
        var box = boxOf(item);
        return box && box.checked;
      }).length;
      t.selectAll.checked = shown.length > 0 && shownChecked === shown.length;
      t.selectAll.indeterminate = shownChecked > 0 && shownChecked < shown.length;
      t.count.textContent = shown.length + ' of ' + all.length + ' shown, ' + checked + ' selected';
    }

    t.search.addEventListener('input', function () {
      var query = t.search.value.trim().toLowerCase();
      all.forEach(function (item) {
        item.hidden = query !== '' && nameOf(item).indexOf(query) === -1;
      });
      update();
    });
    // Enter in the filter must not submit the consent form.
    t.search.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') event.preventDefault();
    });
    t.selectAll.addEventListener('change', function () {
      var on = t.selectAll.checked;
      all.forEach(function (item) {
        var box = boxOf(item);
        if (!item.hidden && box && !box.disabled) box.checked = on;
      });
      update();
    });
    list.addEventListener('change', function (event) {
      if (event.target !== t.selectAll) update();
    });
    update();
  }

  function start() {
    var lists = document.querySelectorAll('[data-repo-list]');
    for (var i = 0; i < lists.length; i++) enhance(lists[i]);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
