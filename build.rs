//! Build script of the core: for now it only declares what it watches; later issues embed and
//! validate assets (rule sets, fonts) here.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
}
