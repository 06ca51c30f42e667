//! `netreach curve`.

use clap::{Args, ValueEnum};
use netreach::whatif::{self, GrowthCurves, Order};

use netreach::report::tables::{QUALITY_HEADER, csv_rows, quality_rows};

use super::IoArgs;
use super::render::{self, Format};
use super::whatif::TargetArgs;

/// `--order`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OrderArg {
    /// Uniformly random; mean and spread (min/max) over --seeds.
    Random,
    /// Highest-degree contacts first.
    Degree,
    /// Each step the contact adding the most reach_3.
    Greedy,
    /// Contacts in the ego's field first (field from the position).
    Field,
    /// By Connected On, oldest first.
    Chronological,
}

impl From<OrderArg> for Order {
    fn from(o: OrderArg) -> Order {
        match o {
            OrderArg::Random => Order::Random,
            OrderArg::Degree => Order::Degree,
            OrderArg::Greedy => Order::Greedy,
            OrderArg::Field => Order::Field,
            OrderArg::Chronological => Order::Chronological,
        }
    }
}

/// Arguments of `curve`.
#[derive(Debug, Args)]
pub struct CurveArgs {
    #[command(flatten)]
    pub(super) io: IoArgs,
    /// The person whose contacts are added one at a time.
    /// (Default: --owner, else the owner of a single export.)
    #[arg(long, value_name = "ID|NAME|URL")]
    ego: Option<String>,
    /// Orders to add the contacts in (repeatable; default: all that apply).
    #[arg(long, value_enum)]
    order: Vec<OrderArg>,
    /// Seeds for the random order.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=1000))]
    seeds: u32,
    #[command(flatten)]
    target: TargetArgs,
}

pub fn run(args: CurveArgs) -> anyhow::Result<()> {
    let network = args.io.input.load()?;
    let ego = args.io.input.ego(&network, args.ego.as_deref())?;
    if network.csr.degree(ego) == 0 {
        anyhow::bail!(
            "{} has no connections: there is no growth curve to draw",
            network.labels.get(ego)
        );
    }
    let target = args.target.group(&network)?;
    let orders: Vec<Order> = if args.order.is_empty() {
        vec![
            Order::Random,
            Order::Degree,
            Order::Greedy,
            Order::Field,
            Order::Chronological,
        ]
    } else {
        args.order.iter().map(|&o| o.into()).collect()
    };
    netreach::memory::ensure(
        whatif::curve_memory_bytes(network.node_count(), rayon::current_num_threads()),
        format_args!("growth curves"),
    )?;
    let result = whatif::growth_curves(&network, ego, &orders, args.seeds as usize, &target);
    let doc = render::json_document("curve", &result)?;
    render::emit(&args.io.output.output, |w| match args.io.output.format() {
        Format::Json => render::write_json(w, &doc),
        Format::Csv => render::write_csv(w, &csv_rows(&result)),
        Format::Table => {
            if network.is_single_export() {
                // reach_2 and reach_3 equal the contacts in one export: not a finding.
                writeln!(w, "{}\n", netreach::audit::ONE_EXPORT)?;
            }
            table(w, &result, &network.names().show(ego))
        }
    })
}

/// The curve table: one row per order and contact count.
fn table(w: &mut dyn std::io::Write, r: &GrowthCurves, who: &str) -> std::io::Result<()> {
    writeln!(
        w,
        "{}",
        render::terminal_safe(&format!(
            "Growth of reach as {who}'s {} {} added (visibility to {})",
            render::count(r.contacts as u64, "contact", "contacts"),
            if r.contacts == 1 { "is" } else { "are" },
            r.target
        ))
    )?;
    let mut header = vec!["order".to_string(), "knee at".into()];
    let steps: Vec<usize> = [1usize, 10, 50, 150, 500]
        .into_iter()
        .filter(|&s| s <= r.contacts)
        .chain(std::iter::once(r.contacts))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    header.extend(steps.iter().map(|s| format!("reach_3 @{s}")));
    let rows: Vec<Vec<String>> = r
        .curves
        .iter()
        .map(|c| {
            let mut row = vec![
                format!("{:?}", c.order).to_lowercase(),
                c.knee.map_or("-".into(), |k| k.to_string()),
            ];
            row.extend(
                steps
                    .iter()
                    .map(|&s| format!("{:.0}", c.points[s - 1].reach_3)),
            );
            row
        })
        .collect();
    writeln!(
        w,
        "{}",
        render::table(
            &header.iter().map(String::as_str).collect::<Vec<_>>(),
            &rows
        )
    )?;
    writeln!(w, "knee: {}", r.knee_rule)?;
    if !r.quality.is_empty() {
        writeln!(
            w,
            "\nQuality versus quantity ({} each)",
            render::count(r.quality[0].k as u64, "contact", "contacts")
        )?;
        let q = quality_rows(r);
        writeln!(w, "{}", render::table(&QUALITY_HEADER, &q))?;
    }
    for note in &r.notes {
        writeln!(w, "note: {note}")?;
    }
    Ok(())
}
