// Validate a Turtle data file against a Turtle shapes file with rdf-validate-shacl, an
// engine independent of pyshacl, and print the verdict as one JSON object:
//   {"conforms": bool, "results": [{"focus", "path", "severity", "component"}, ...]}
// Usage: node validate.mjs DATA.ttl SHAPES.ttl
// Exit status: 0 when the report was produced (whatever the verdict), 2 on a usage or parse
// error (the message goes to stderr).
import { readFileSync } from 'node:fs'
import rdf from '@zazuko/env'
import { Parser } from 'n3'
import SHACLValidator from 'rdf-validate-shacl'

function load (path) {
  const dataset = rdf.dataset()
  const parser = new Parser({ format: 'text/turtle', baseIRI: 'file://' + path })
  for (const quad of parser.parse(readFileSync(path, 'utf8'))) {
    dataset.add(rdf.quad(quad.subject, quad.predicate, quad.object))
  }
  return dataset
}

function term (t) {
  if (!t) return null
  return t.termType === 'BlankNode' ? '_:' + t.value : t.value
}

async function main (argv) {
  if (argv.length !== 2) {
    process.stderr.write('usage: node validate.mjs DATA.ttl SHAPES.ttl\n')
    return 2
  }
  let data, shapes
  try {
    data = load(argv[0])
    shapes = load(argv[1])
  } catch (err) {
    process.stderr.write(`cannot read RDF: ${err.message}\n`)
    return 2
  }
  const validator = new SHACLValidator(shapes, { factory: rdf })
  const report = await validator.validate(data)
  const results = report.results.map(r => ({
    focus: term(r.focusNode),
    path: term(r.path),
    severity: term(r.severity),
    component: term(r.sourceConstraintComponent)
  }))
  process.stdout.write(JSON.stringify({ conforms: report.conforms, results }) + '\n')
  return 0
}

process.exitCode = await main(process.argv.slice(2))
