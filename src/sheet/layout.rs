//! A small page layout for the sheet: measured text in the embedded DejaVu Sans, wrapped with
//! textwrap's first-fit algorithm on real glyph widths, flowed onto A4 pages, drawn with printpdf.

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rgb, TextItem,
};
use textwrap::core::Fragment;

// DejaVu Sans cut down to the Latin alphabets (see assets/fonts/LICENSE-DejaVu.txt): the PDF
// embeds the whole font, and a 38 KB face keeps a sheet small and quick to write.
const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Latin.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold-Latin.ttf");

/// A4 in millimetres, and the margins.
pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;
const MARGIN_X: f32 = 20.0;
const MARGIN_TOP: f32 = 18.0;
const MARGIN_BOTTOM: f32 = 20.0;
const FOOTER_Y: f32 = 12.0;
const PT_TO_MM: f32 = 25.4 / 72.0;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.3;

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// One block of running text: a paragraph, a heading, or a bulleted item.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub text: String,
    pub weight: Weight,
    pub size: f32,
    /// Space above the block, in points.
    pub space_before: f32,
    /// A bullet before the first line; the rest of the lines are indented under the text.
    pub bullet: bool,
    /// Keep this block on the same page as the next one (headings).
    pub keep_with_next: bool,
    /// A thin rule under the block (the title).
    pub rule_below: bool,
}

/// A parsed font with what is needed to measure text.
struct Face {
    font: ParsedFont,
    units_per_em: f32,
    fallback: u16,
}

impl Face {
    fn load(bytes: &[u8]) -> Face {
        let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
            .expect("the embedded DejaVu font parses");
        let units_per_em = f32::from(font.units_per_em.max(1));
        let fallback = font.lookup_glyph_index('?' as u32).unwrap_or(0);
        Face {
            font,
            units_per_em,
            fallback,
        }
    }

    /// The width of a text in points at a size.
    fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                let gid = self
                    .font
                    .lookup_glyph_index(c as u32)
                    .unwrap_or(self.fallback);
                u32::from(self.font.get_glyph_width(gid).unwrap_or(0))
            })
            .sum();
        units as f32 / self.units_per_em * size
    }
}

/// The two faces of the sheet.
pub struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    pub fn load() -> Fonts {
        Fonts {
            regular: Face::load(REGULAR_TTF),
            bold: Face::load(BOLD_TTF),
        }
    }

    fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Whether every character of a text has a glyph in the sheet's font.
    pub fn covers(&self, text: &str) -> bool {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .all(|c| self.regular.font.lookup_glyph_index(c as u32).is_some())
    }
}

/// A word with its measured width, for textwrap.
#[derive(Debug)]
struct Word<'a> {
    text: &'a str,
    width: f64,
    space: f64,
}

impl Fragment for Word<'_> {
    fn width(&self) -> f64 {
        self.width
    }
    fn whitespace_width(&self) -> f64 {
        self.space
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Splits a word that is wider than the line into pieces that fit.
fn split_long<'a>(face: &Face, word: &'a str, size: f32, max: f32) -> Vec<&'a str> {
    let mut pieces = Vec::new();
    let mut rest = word;
    let mut width = 0.0;
    let mut taken = 0;
    let mut buf = [0u8; 4];
    for c in word.chars() {
        let w = face.width(c.encode_utf8(&mut buf), size);
        if width + w > max && taken > 0 {
            // `taken` is a sum of whole characters' lengths: always a boundary.
            let (piece, after) = rest.split_at_checked(taken).unwrap_or((rest, ""));
            pieces.push(piece);
            rest = after;
            taken = 0;
            width = 0.0;
        }
        width += w;
        taken += c.len_utf8();
    }
    pieces.push(rest);
    pieces
}

/// Wraps a paragraph into lines no wider than `max` points.
fn wrap(face: &Face, text: &str, size: f32, max: f32) -> Vec<String> {
    let space = f64::from(face.width(" ", size));
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        for piece in split_long(face, word, size, max) {
            words.push(Word {
                text: piece,
                width: f64::from(face.width(piece, size)),
                space,
            });
        }
    }
    if words.is_empty() {
        return vec![String::new()];
    }
    textwrap::wrap_algorithms::wrap_first_fit(&words, &[f64::from(max)])
        .into_iter()
        .map(|line| line.iter().map(|w| w.text).collect::<Vec<_>>().join(" "))
        .collect()
}

/// One laid-out line: where, what, how.
struct Placed {
    x: f32,
    y: f32,
    text: String,
    weight: Weight,
    size: f32,
    rule_below: bool,
}

/// How the PDF is written: the fonts cut to the letters used, the streams left uncompressed.
/// Compressing them took three quarters of a sheet's time (k1: 4.1 ms against 1.3 ms); the
/// sheet grows from 53 to 94 kB, which a printer and a laptop do not notice.
const SAVE: PdfSaveOptions = PdfSaveOptions {
    optimize: false,
    subset_fonts: true,
    secure: true,
    image_optimization: None,
};

/// Flows the blocks onto A4 pages; `footer(page, pages)` gives each page's footer line.
pub fn render(
    title: &str,
    blocks: &[Block],
    fonts: &Fonts,
    footer: impl Fn(usize, usize) -> String,
) -> Vec<u8> {
    let width_pt = (PAGE_W - 2.0 * MARGIN_X) / PT_TO_MM;
    let bullet_indent = 5.0;
    // Lay out every block into lines first, then place them on pages.
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut y = PAGE_H - MARGIN_TOP;
    for (i, block) in blocks.iter().enumerate() {
        let face = fonts.face(block.weight);
        let indent = if block.bullet { bullet_indent } else { 0.0 };
        let lines = wrap(face, &block.text, block.size, width_pt - indent / PT_TO_MM);
        let line_h = block.size * LEADING * PT_TO_MM;
        let before = block.space_before * PT_TO_MM;
        // A heading moves to the next page with the first line of what follows it.
        let next_line = blocks
            .get(i + 1)
            .filter(|_| block.keep_with_next)
            .map_or(0.0, |n| {
                n.space_before * PT_TO_MM + n.size * LEADING * PT_TO_MM
            });
        let page_empty = pages.last().is_some_and(Vec::is_empty);
        if !page_empty && y - before - line_h - next_line < MARGIN_BOTTOM {
            pages.push(Vec::new());
            y = PAGE_H - MARGIN_TOP;
        } else if !page_empty {
            y -= before;
        }
        for (n, line) in lines.into_iter().enumerate() {
            if y - line_h < MARGIN_BOTTOM {
                pages.push(Vec::new());
                y = PAGE_H - MARGIN_TOP;
            }
            y -= line_h;
            let page = pages.last_mut().expect("at least one page");
            if block.bullet && n == 0 {
                page.push(Placed {
                    x: MARGIN_X,
                    y,
                    text: "•".into(),
                    weight: block.weight,
                    size: block.size,
                    rule_below: false,
                });
            }
            page.push(Placed {
                x: MARGIN_X + indent,
                y,
                text: line,
                weight: block.weight,
                size: block.size,
                rule_below: block.rule_below,
            });
        }
        if block.rule_below {
            y -= 2.0;
        }
    }

    let mut doc = PdfDocument::new(title);
    let regular = doc.add_font(&fonts.regular.font);
    let bold = doc.add_font(&fonts.bold.font);
    let count = pages.len();
    let pdf_pages = pages
        .into_iter()
        .enumerate()
        .map(|(n, lines)| {
            let mut ops = Vec::new();
            for line in &lines {
                let id = match line.weight {
                    Weight::Regular => &regular,
                    Weight::Bold => &bold,
                };
                text_ops(&mut ops, id, line.size, line.x, line.y, &line.text);
                if line.rule_below {
                    rule_ops(&mut ops, line.y - 2.0);
                }
            }
            let foot = footer(n + 1, count);
            text_ops(&mut ops, &regular, 8.5, MARGIN_X, FOOTER_Y, &foot);
            PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops)
        })
        .collect();
    doc.with_pages(pdf_pages).save(&SAVE, &mut Vec::new())
}

fn text_ops(ops: &mut Vec<Op>, font: &FontId, size: f32, x: f32, y: f32, text: &str) {
    ops.extend([
        Op::StartTextSection,
        Op::SetTextCursor {
            pos: Point::new(Mm(x), Mm(y)),
        },
        Op::SetFont {
            font: PdfFontHandle::External(font.clone()),
            size: Pt(size),
        },
        Op::ShowText {
            items: vec![TextItem::Text(text.to_string())],
        },
        Op::EndTextSection,
    ]);
}

fn rule_ops(ops: &mut Vec<Op>, y: f32) {
    let point = |x: f32| LinePoint {
        p: Point::new(Mm(x), Mm(y)),
        bezier: false,
    };
    ops.extend([
        Op::SetOutlineColor {
            col: Color::Rgb(Rgb {
                r: 0.0,
                g: 0.43,
                b: 0.47,
                icc_profile: None,
            }),
        },
        Op::SetOutlineThickness { pt: Pt(1.0) },
        Op::DrawLine {
            line: Line {
                points: vec![point(MARGIN_X), point(PAGE_W - MARGIN_X)],
                is_closed: false,
            },
        },
    ]);
}
