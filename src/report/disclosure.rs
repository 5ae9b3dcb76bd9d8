//! Disclosure control for one-way tables: small cells are shown as "<5" (the contract's
//! `min_cell`), and when the table's total is shown, more cells are hidden ("x") until no hidden
//! cell can be worked out from the shown cells and the total. If that cannot be done, every cell
//! of the table is hidden.

use serde::{Serialize, Serializer};

/// A cell as it leaves the laptop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The exact count.
    Count(u64),
    /// Between 1 and `min_cell - 1`; printed as `"<5"` for `min_cell` 5.
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

/// The values a hidden cell may have, as a reader who knows this method sees it.
fn allowed(shown: Shown, min_cell: u64, residual: u64) -> Vec<u64> {
    match shown {
        Shown::Count(n) => vec![n],
        Shown::Below(_) => (1..min_cell.min(residual + 1)).collect(),
        Shown::Hidden => (0..=residual)
            .filter(|v| *v == 0 || *v >= min_cell)
            .collect(),
    }
}

/// Whether some hidden cell has only one value that fits the shown cells and the total.
fn some_cell_is_pinned(shown: &[Shown], min_cell: u64, total: u64) -> bool {
    let known: u64 = shown.iter().filter_map(Shown::count).sum();
    let residual = total.saturating_sub(known);
    let hidden: Vec<Vec<u64>> = shown
        .iter()
        .filter(|s| s.count().is_none())
        .map(|s| allowed(*s, min_cell, residual))
        .collect();
    if hidden.is_empty() {
        return false;
    }
    let width = residual as usize + 1;
    // reach[i][s]: the hidden cells other than … can sum to s. Built from both ends.
    let sums = |cells: &[Vec<u64>]| -> Vec<bool> {
        let mut reach = vec![false; width];
        reach[0] = true;
        for cell in cells {
            let mut next = vec![false; width];
            for (s, ok) in reach.iter().enumerate() {
                if !*ok {
                    continue;
                }
                for v in cell {
                    let t = s + *v as usize;
                    if t < width {
                        next[t] = true;
                    }
                }
            }
            reach = next;
        }
        reach
    };
    (0..hidden.len()).any(|i| {
        let others: Vec<Vec<u64>> = hidden
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, c)| c.clone())
            .collect();
        let reach = sums(&others);
        let fitting = hidden[i]
            .iter()
            .filter(|v| **v <= residual && reach[(residual - **v) as usize])
            .count();
        fitting <= 1
    })
}

/// Protects one table. `total` is `Some` when the table shows a total that is the sum of its
/// cells (a partition); then secondary suppression applies.
pub fn protect(cells: &[u64], total: Option<u64>, min_cell: u64) -> Vec<Shown> {
    let mut shown: Vec<Shown> = cells
        .iter()
        .map(|&n| {
            if n > 0 && n < min_cell {
                Shown::Below(min_cell)
            } else {
                Shown::Count(n)
            }
        })
        .collect();
    let Some(total) = total else {
        return shown;
    };
    while some_cell_is_pinned(&shown, min_cell, total) {
        // Hide the smallest shown cell, non-zero ones first.
        let next = shown
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.count().map(|n| (n == 0, n, i)))
            .min();
        match next {
            Some((_, _, i)) => shown[i] = Shown::Hidden,
            None => {
                // Nothing left to hide beside what is hidden: hide the whole table.
                return vec![Shown::Hidden; cells.len()];
            }
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An independent reader: enumerates every assignment of the hidden cells that fits the
    /// shown cells and the total, and returns the possible values of each hidden cell.
    fn possible_values(shown: &[Shown], total: u64, min_cell: u64) -> Vec<Vec<u64>> {
        let wholly_hidden = shown.iter().all(|s| *s == Shown::Hidden);
        let known: u64 = shown.iter().filter_map(Shown::count).sum();
        let hidden: Vec<Shown> = shown
            .iter()
            .copied()
            .filter(|s| s.count().is_none())
            .collect();
        let fits = |s: Shown, v: u64| match s {
            Shown::Below(_) => (1..min_cell).contains(&v),
            Shown::Hidden if wholly_hidden => true,
            Shown::Hidden => v == 0 || v >= min_cell,
            Shown::Count(n) => v == n,
        };
        let mut seen = vec![std::collections::BTreeSet::new(); hidden.len()];
        fn walk(
            i: usize,
            left: u64,
            hidden: &[Shown],
            fits: &dyn Fn(Shown, u64) -> bool,
            stack: &mut Vec<u64>,
            seen: &mut [std::collections::BTreeSet<u64>],
        ) {
            if i == hidden.len() {
                if left == 0 {
                    for (j, v) in stack.iter().enumerate() {
                        seen[j].insert(*v);
                    }
                }
                return;
            }
            for v in 0..=left {
                if fits(hidden[i], v) {
                    stack.push(v);
                    walk(i + 1, left - v, hidden, fits, stack, seen);
                    stack.pop();
                }
            }
        }
        if known <= total {
            walk(0, total - known, &hidden, &fits, &mut Vec::new(), &mut seen);
        }
        seen.into_iter().map(|s| s.into_iter().collect()).collect()
    }

    #[test]
    fn examples() {
        let show = |cells: &[u64]| {
            let total = cells.iter().sum();
            protect(cells, Some(total), 5)
                .iter()
                .map(Shown::text)
                .collect::<Vec<_>>()
                .join(" ")
        };
        // Nothing small: all shown.
        assert_eq!(show(&[9, 7, 0]), "9 7 0");
        // One small cell would follow from the total: the smallest other cell goes too.
        assert_eq!(show(&[9, 3, 0, 12]), "x <5 0 12");
        // Two small cells that sum to 2 would each be 1: more is hidden.
        assert_ne!(show(&[1, 1, 20, 30]), "<5 <5 20 30");
        // A table with fewer than min_cell in all is hidden whole.
        assert_eq!(show(&[3, 0, 0]), "x x x");
        // Without a total only the small cells are hidden.
        assert_eq!(
            protect(&[3, 8], None, 5)
                .iter()
                .map(Shown::text)
                .collect::<Vec<_>>(),
            ["<5", "8"]
        );
    }

    proptest! {
        #[test]
        fn no_shown_count_is_small_and_no_hidden_cell_can_be_worked_out(
            cells in proptest::collection::vec(prop_oneof![0u64..=0, 1u64..5, 5u64..25], 1..6),
            min_cell in 3u64..=6,
        ) {
            let total: u64 = cells.iter().sum();
            let shown = protect(&cells, Some(total), min_cell);
            prop_assert_eq!(shown.len(), cells.len());
            for (s, actual) in shown.iter().zip(&cells) {
                if let Shown::Count(n) = s {
                    prop_assert_eq!(n, actual);
                    prop_assert!(*n == 0 || *n >= min_cell, "shown {} below {}", n, min_cell);
                }
            }
            if cells.len() > 1 {
                for values in possible_values(&shown, total, min_cell) {
                    prop_assert!(values.len() >= 2, "a hidden cell is pinned: {:?} → {:?}", cells, shown);
                }
            }
        }

        #[test]
        fn without_a_total_only_small_cells_are_hidden(
            cells in proptest::collection::vec(0u64..30, 1..8),
        ) {
            for (s, n) in protect(&cells, None, 5).iter().zip(&cells) {
                match s {
                    Shown::Count(c) => prop_assert!(c == n && (*n == 0 || *n >= 5)),
                    Shown::Below(_) => prop_assert!((1..5).contains(n)),
                    Shown::Hidden => prop_assert!(false, "no secondary hiding without a total"),
                }
            }
        }
    }
}
