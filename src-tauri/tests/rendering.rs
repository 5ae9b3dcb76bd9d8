//! How WebKitGTK paints Wijzer's pages: on the processor unless the environment says otherwise
//! (a test binary of its own: it changes a variable of the process).

#[cfg(target_os = "linux")]
#[test]
fn pages_are_painted_on_the_processor_unless_the_environment_says_otherwise() {
    use wijzer_app::{choose_rendering, CPU_RENDERING_ENV};

    std::env::set_var(CPU_RENDERING_ENV, "0");
    choose_rendering();
    assert_eq!(std::env::var(CPU_RENDERING_ENV).as_deref(), Ok("0"));

    std::env::remove_var(CPU_RENDERING_ENV);
    choose_rendering();
    assert_eq!(std::env::var(CPU_RENDERING_ENV).as_deref(), Ok("1"));
}
