//! Texts that are odd but allowed, for tests that store them and read them back: right-to-left
//! script with its direction marks, emoji with joiners, decomposed letters, SQL and quotes,
//! tabs and new lines. Shared by the core's tests and the app's (`#[path]`).

pub const ODD_TEXTS: &[&str] = &[
    "مريم العلي",
    "\u{202e}gnitirw sdrawkcab\u{202c} en \u{200f}עברית\u{200f}",
    "Zoë 👩‍👧‍👦 de Vries 🇳🇱",
    "Zoe\u{308} Mu\u{308}ller (ontleed)",
    "Robert'); DROP TABLE client;--",
    "1' OR '1'='1\" /* */ %_ \\",
    "regel één\n\tregel twee\n",
];
