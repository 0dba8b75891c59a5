(function () {
  var table = document.getElementById("students");
  if (!table || !table.tHead || !table.tBodies.length) return;
  var heads = table.tHead.rows[0].cells;
  function key(row, col, numeric) {
    var cell = row.cells[col];
    var value = cell.getAttribute("data-sort");
    if (value === null) value = cell.textContent.trim();
    if (!numeric) return value.toLowerCase();
    var x = parseFloat(value);
    return isNaN(x) ? -Infinity : x;
  }
  function sortBy(col, th) {
    var numeric = th.getAttribute("data-type") === "num";
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute("aria-sort");
    th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, col, numeric), y = key(b, col, numeric);
      var c = numeric ? (x < y ? -1 : x > y ? 1 : 0) : String(x).localeCompare(String(y));
      return c * dir || (+a.getAttribute("data-order") - +b.getAttribute("data-order"));
    });
    for (var r = 0; r < rows.length; r++) body.appendChild(rows[r]);
  }
  Array.prototype.forEach.call(heads, function (th, col) {
    if (!th.hasAttribute("data-type")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () { sortBy(col, th); });
  });
})();
