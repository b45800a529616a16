use std::time::Instant;

#[tauri::command]
fn ready(started: tauri::State<'_, Instant>) {
    eprintln!("bare-window: ready {:.1} ms after start", started.elapsed().as_secs_f64() * 1000.0);
}

fn main() {
    let started = Instant::now();
    tauri::Builder::default()
        .manage(started)
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
        .expect("bare window");
}
