//! Disclosure control for one-way tables, safe against a reader who knows this method.
//!
//! The method (with `m` = the contract's `min_cell`, 5 by default):
//! 1. A table with no cell between 1 and `m - 1` is shown exactly.
//! 2. Otherwise every cell below `m`, zeros included, is shown as `"<m"` (0 to `m - 1`). Hiding
//!    the zeros too means that `"<5"` never tells a reader "at least 1".
//! 3. When the table shows its total (its cells partition it), the smallest cells of `m` or more
//!    (all of them if several are equal) are shown as `"x"` as well.
//! 4. If the total is `(m - 1) × cells`, or if a reader who knows steps 1–3 could still pin any
//!    hidden cell to one value, the whole table is shown as `"x"`.
//!
//! Every choice in steps 1–3 is visible in the output (which cells are `"<m"`, which are `"x"`,
//! and that the `"x"` cells are the smallest of the large ones), so the tables that give the
//! same output are exactly those that fit its constraints; step 4 checks those constraints
//! itself. A whole-hidden table never comes from one table alone: the tables hidden whole for a
//! given total always include ones with different values in every cell. The enumeration test
//! below checks all of this against the method itself, table by table.
//!
//! The method treats every cell alike: permuting a table's cells permutes its output.

use serde::{Serialize, Serializer};

/// A cell as it leaves the laptop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shown {
    /// The exact count.
    Count(u64),
    /// Between 0 and `m - 1`; printed as `"<5"` for `min_cell` 5.
    Below(u64),
    /// Hidden so that another cell cannot be worked out; printed as `"x"`.
    Hidden,
}

impl Shown {
    /// The text of the cell in CSV, PDF and JSON strings.
    pub fn text(&self) -> String {
        match self {
            Shown::Count(n) => n.to_string(),
            Shown::Below(m) => format!("<{m}"),
            Shown::Hidden => "x".into(),
        }
    }

    /// The exact count, when it is shown.
    pub fn count(&self) -> Option<u64> {
        match self {
            Shown::Count(n) => Some(*n),
            _ => None,
        }
    }
}

impl Serialize for Shown {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Shown::Count(n) => s.serialize_u64(*n),
            other => s.serialize_str(&other.text()),
        }
    }
}

/// Protects one table. `total` is `Some` when the table shows a total that is the sum of its
/// cells (a partition); then steps 3 and 4 apply.
pub fn protect(cells: &[u64], total: Option<u64>, min_cell: u64) -> Vec<Shown> {
    let m = min_cell;
    if !cells.iter().any(|&n| n > 0 && n < m) {
        return cells.iter().map(|&n| Shown::Count(n)).collect();
    }
    let mut shown: Vec<Shown> = cells
        .iter()
        .map(|&n| {
            if n < m {
                Shown::Below(m)
            } else {
                Shown::Count(n)
            }
        })
        .collect();
    let Some(total) = total else {
        return shown;
    };
    let whole = vec![Shown::Hidden; cells.len()];
    let cell_count = u64::try_from(cells.len()).unwrap_or(u64::MAX);
    if Some(total) == (m - 1).checked_mul(cell_count) {
        return whole;
    }
    if let Some(smallest) = cells.iter().copied().filter(|&n| n >= m).min() {
        for (s, &n) in shown.iter_mut().zip(cells) {
            if n == smallest {
                *s = Shown::Hidden;
            }
        }
    }
    if ambiguous(&shown, total, m) {
        shown
    } else {
        whole
    }
}

/// Whether, for a reader who knows the method, every hidden cell of this output of steps 1–3
/// can still have two or more values. Such a reader knows: the `"<m"` cells are 0 to `m - 1` and
/// not all 0; the `"x"` cells are equal, at least `m` and below every shown count; everything
/// adds up to the total.
fn ambiguous(shown: &[Shown], total: u64, m: u64) -> bool {
    let below = shown
        .iter()
        .filter(|s| matches!(s, Shown::Below(_)))
        .count() as u64;
    let hidden = shown.iter().filter(|s| **s == Shown::Hidden).count() as u64;
    let counts = shown.iter().filter_map(Shown::count);
    let ceiling = counts.clone().min();
    let Some(rest) = total.checked_sub(counts.sum()) else {
        return false;
    };
    let most_below = (m - 1) * below;
    // Each feasible sum of the "<m" cells, and the values one "<m" cell can take with it.
    let mut below_values = std::collections::BTreeSet::new();
    let mut hidden_values = 0;
    let mut take = |below_sum: u64| {
        if below > 0 && (1..=most_below).contains(&below_sum) {
            let low = below_sum.saturating_sub((m - 1) * (below - 1));
            below_values.extend(low..=below_sum.min(m - 1));
            true
        } else {
            below == 0 && below_sum == 0
        }
    };
    if hidden == 0 {
        take(rest);
    } else {
        let mut x = m;
        while ceiling.is_none_or(|c| x < c) && x * hidden <= rest {
            if take(rest - x * hidden) {
                hidden_values += 1;
            }
            x += 1;
        }
    }
    (below == 0 || below_values.len() >= 2) && (hidden == 0 || hidden_values >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// The number of cells of every table with a total in the report (verwijzer, reden
    /// afsluiten, soort contact, leeftijd, and the three-way timeliness, duration and Wlz tables).
    const SHAPES: [usize; 4] = [3, 5, 7, 9];
    const MAX_TOTAL: u64 = 40;

    fn text(shown: &[Shown]) -> String {
        shown.iter().map(Shown::text).collect::<Vec<_>>().join(" ")
    }

    fn show(cells: &[u64]) -> String {
        text(&protect(cells, Some(cells.iter().sum()), 5))
    }

    #[test]
    fn examples() {
        // Nothing small: all shown, zeros too.
        assert_eq!(show(&[9, 7, 0]), "9 7 0");
        // The table: (5, 1, 1) of 7 gave "x <5 <5", which then only (5, 1, 1) gave.
        // Now "<5" may be 0 as well, so (5, 2, 0), (6, 1, 0), (6, 0, 1)… give it too.
        assert_eq!(show(&[5, 1, 1]), "x <5 <5");
        assert_eq!(show(&[6, 0, 1]), "x <5 <5");
        // A single 1 beside one 5: no other table fits "x <5", so the table is hidden whole.
        assert_eq!(show(&[5, 1]), "x x");
        // A small cell and a zero are both "<5"; the smallest large cell goes too.
        assert_eq!(show(&[9, 3, 0, 12]), "x <5 <5 12");
        assert_eq!(show(&[9, 3, 12]), "x <5 12");
        // Equal smallest large cells are hidden together: no order between them leaks.
        assert_eq!(show(&[9, 9, 2, 0, 30]), "x x <5 <5 30");
        // All cells below 5: each "<5" may be 0, 1, 2 or 3.
        assert_eq!(show(&[3, 0, 0]), "<5 <5 <5");
        // …but (4, 4) is the only pair of cells below 5 that makes 8: hidden whole.
        assert_eq!(show(&[4, 4]), "x x");
        // Without a total only the cells below 5 are hidden.
        assert_eq!(text(&protect(&[3, 8, 0], None, 5)), "<5 8 <5");
    }

    /// Every table of `cells` cells with a total up to `max_total`, as multisets: the cells in
    /// non-increasing order.
    fn multisets(cells: usize, max_total: u64, mut each: impl FnMut(&[u64])) {
        fn walk(
            prefix: &mut Vec<u64>,
            cells: usize,
            cap: u64,
            left: u64,
            each: &mut dyn FnMut(&[u64]),
        ) {
            if prefix.len() == cells {
                each(prefix);
                return;
            }
            for v in (0..=cap.min(left)).rev() {
                prefix.push(v);
                walk(prefix, cells, v, left - v, each);
                prefix.pop();
            }
        }
        walk(&mut Vec::new(), cells, max_total, max_total, &mut each);
    }

    /// What a reader who knows the method learns from an output, up to the order of cells:
    /// the shown counts, how many "<m" and how many "x" cells, and the total.
    type Canonical = (Vec<u64>, usize, usize, u64);

    fn canonical(shown: &[Shown], total: u64) -> Canonical {
        let mut counts: Vec<u64> = shown.iter().filter_map(Shown::count).collect();
        counts.sort_unstable();
        let below = shown
            .iter()
            .filter(|s| matches!(s, Shown::Below(_)))
            .count();
        let hidden = shown.iter().filter(|s| **s == Shown::Hidden).count();
        (counts, below, hidden, total)
    }

    /// The reader of the issue: every table of the shape, grouped by what `protect` shows for
    /// it. Because the method treats cells alike (checked below), a table that gives output O
    /// can be permuted to give any rearrangement of O, so the values one "<m" cell of O can
    /// have are all values any table of the group has in its "<m" cells, and likewise for "x".
    /// Every hidden cell must have at least two.
    fn check_shape(cells: usize, m: u64) -> usize {
        let mut groups: HashMap<Canonical, (u64, u64)> = HashMap::new();
        let mut tables = 0;
        multisets(cells, MAX_TOTAL, |table| {
            tables += 1;
            let total = table.iter().sum();
            let shown = protect(table, Some(total), m);
            assert_eq!(shown.len(), table.len());
            let entry = groups.entry(canonical(&shown, total)).or_insert((0, 0));
            for (s, &v) in shown.iter().zip(table) {
                match s {
                    Shown::Count(n) => {
                        assert_eq!(*n, v);
                        assert!(v == 0 || v >= m, "{table:?}: a small count is shown");
                    }
                    Shown::Below(_) => entry.0 |= 1 << v,
                    Shown::Hidden => entry.1 |= 1 << v,
                }
            }
        });
        for ((counts, below, hidden, total), (below_values, hidden_values)) in &groups {
            let what = format!("{cells} cells, m {m}, total {total}, shown {counts:?}");
            if *below > 0 {
                assert!(
                    below_values.count_ones() >= 2,
                    "a \"<m\" cell is pinned: {what}"
                );
            }
            if *hidden > 0 {
                assert!(
                    hidden_values.count_ones() >= 2,
                    "an \"x\" cell is pinned: {what}"
                );
            }
        }
        tables
    }

    #[test]
    fn no_hidden_cell_can_be_worked_out_by_a_reader_who_knows_the_method() {
        let shipped: Vec<u64> = crate::rules::SHIPPED
            .iter()
            .filter_map(|(name, _)| crate::rules::shipped(name))
            .map(|r| u64::from(r.disclosure.min_cell))
            .collect();
        let mut tables = 0;
        for m in shipped.into_iter().chain(2..=6) {
            for cells in SHAPES {
                tables += check_shape(cells, m);
            }
        }
        assert!(tables > 500_000, "the enumeration ran: {tables} tables");
    }

    /// The same check without the symmetry argument: every table (every order of cells) of a
    /// small shape, grouped by its exact output.
    #[test]
    fn the_small_shapes_checked_table_by_table_in_every_order() {
        for cells in [2usize, 3, 4] {
            for m in 3..=5u64 {
                let mut groups: HashMap<(Vec<Shown>, u64), Vec<u64>> = HashMap::new();
                let mut table = vec![0u64; cells];
                loop {
                    let total = table.iter().sum::<u64>();
                    if total <= MAX_TOTAL {
                        let shown = protect(&table, Some(total), m);
                        let seen = groups
                            .entry((shown, total))
                            .or_insert_with(|| vec![0; cells]);
                        for (mask, &v) in seen.iter_mut().zip(&table) {
                            *mask |= 1 << v;
                        }
                    }
                    // The next table, like an odometer.
                    let Some(i) = table.iter().position(|&v| v < MAX_TOTAL) else {
                        break;
                    };
                    for v in table.iter_mut().take(i) {
                        *v = 0;
                    }
                    if let Some(v) = table.get_mut(i) {
                        *v += 1;
                    }
                }
                for ((shown, total), masks) in groups {
                    for (s, mask) in shown.iter().zip(masks) {
                        if s.count().is_none() {
                            assert!(
                                mask.count_ones() >= 2,
                                "pinned: {} of {total} (m {m})",
                                text(&shown)
                            );
                        }
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn permuting_the_cells_permutes_the_output(
            cells in proptest::collection::vec(prop_oneof![0u64..=0, 1u64..5, 5u64..25], 2..10),
            seed in any::<u64>(),
            with_total in any::<bool>(),
        ) {
            use rand::seq::SliceRandom;
            use rand::SeedableRng;
            let total = with_total.then(|| cells.iter().sum());
            let mut order: Vec<usize> = (0..cells.len()).collect();
            order.shuffle(&mut rand_chacha::ChaCha8Rng::seed_from_u64(seed));
            let permuted: Vec<u64> = order.iter().filter_map(|&i| cells.get(i).copied()).collect();
            let shown = protect(&cells, total, 5);
            let expected: Vec<Shown> = order.iter().filter_map(|&i| shown.get(i).copied()).collect();
            prop_assert_eq!(protect(&permuted, total, 5), expected);
        }

        #[test]
        fn without_a_total_only_cells_below_min_cell_are_hidden(
            cells in proptest::collection::vec(0u64..30, 1..12),
        ) {
            let any_small = cells.iter().any(|&n| (1..5).contains(&n));
            for (s, n) in protect(&cells, None, 5).iter().zip(&cells) {
                match s {
                    Shown::Count(c) => prop_assert!(c == n && (*n >= 5 || !any_small)),
                    Shown::Below(_) => prop_assert!(*n < 5 && any_small),
                    Shown::Hidden => prop_assert!(false, "no \"x\" without a total"),
                }
            }
        }
    }
}
