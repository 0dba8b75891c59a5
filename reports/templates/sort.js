(function () {
  // table#students and every table.sortable: headers with data-type become buttons that sort the rows by that column
  // (data-sort of a cell if any, else its text); ties keep the order the page was written in.
  function key(row, col, numeric) {
    var cell = row.cells[col];
    if (!cell) return numeric ? -Infinity : "";
    var value = cell.getAttribute("data-sort");
    if (value === null) value = cell.textContent.trim();
    if (!numeric) return value.toLowerCase();
    var x = parseFloat(value);
    return isNaN(x) ? -Infinity : x;
  }
  function setup(table) {
    if (!table.tHead || !table.tBodies.length) return;
    var heads = table.tHead.rows[0].cells;
    var body = table.tBodies[0];
    var order = [];
    for (var i = 0; i < body.rows.length; i++) order.push(body.rows[i]);
    function sortBy(col, th) {
      var numeric = th.getAttribute("data-type") === "num";
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      for (var i = 0; i < heads.length; i++) heads[i].removeAttribute("aria-sort");
      th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      var rows = order.map(function (row, i) { return { row: row, i: i, key: key(row, col, numeric) }; });
      rows.sort(function (a, b) {
        var x = a.key, y = b.key;
        var c = numeric ? (x < y ? -1 : x > y ? 1 : 0) : String(x).localeCompare(String(y));
        return c * dir || a.i - b.i;
      });
      for (var r = 0; r < rows.length; r++) body.appendChild(rows[r].row);
    }
    Array.prototype.forEach.call(heads, function (th, col) {
      if (!th.hasAttribute("data-type")) return;
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(col, th); });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table#students, table.sortable"), setup);
})();
