"""An explained differential: which calcification types and disorders fit an imaging finding.

``differential(kg, finding)`` ranks every extra-skeletal mineralization type below the two
umbrella classes (XSCO:0000001 mineralization, XSCO:0000002 calcification), then the associated
conditions (subclasses of XSCO:0000030), and says for each what speaks for and against it, with
the axiom or association used, its source and the source's qualifier.

Ranking rules (deterministic; this docstring is the one place they are written down, the README
and docs/differential.md link here):

0. **Each term is used for what it is.** A finding's sites, disorders, signs and named types are
   looked up (label, synonym or CURIE) and sorted by what they are in the ontology: a calcification
   type given as a site or sign ("phleboliths") is a type the finding *names*; a condition given as
   a sign is a disorder of the patient; a site given as a disorder is a site. A term that is none of
   these (a mechanism, a modality) is a FindingError. "soft tissue" (the root UBERON:0001062) is no
   narrower site and counts for nothing. Terms the finding states are absent (``Finding.absent``,
   e.g. negated words of a free text) are never counted for anything.
   Age and sex are scored by rule 9 only.
   **0b. Phrases are read as a free text is.** A value that is no label, synonym or CURIE ("left
   shoulder", "insertion of the gluteus maximus tendon", "on hemodialysis") is read by the free-text
   annotator (``kg.annotate``: the same vocabulary, plurals, sides and part-of phrases as the text
   path, :func:`read_phrases`), and every term it recognises there and does not read as negated is
   used for what it is (rule 0); what it reads as negated ("no history of trauma") is absent. A
   value in which it recognises nothing (or with the annotator not installed) stays an unknown term.
   Options and free text thus reach the same terms: the structured options are not a poorer finding.
1. **Axioms decide, hedges weigh.** For a defined class (an ``owl:equivalentClass`` intersection of
   ``someValuesFrom`` restrictions, e.g. dystrophic = calcification with normal Ca-P and degenerated
   or necrotic tissue) the conditions share **3.0** (:data:`W_AXIOM`): each condition the finding
   satisfies counts ``3.0 / n``, ``n`` the definition's conditions (a finding that satisfies the
   whole definition gains 3.0; normal Ca-P alone, the tissue not stated, half of it - the other half
   is what tells dystrophic calcification from every other type with normal Ca-P). What a definition
   requires holds of every subclass of the defined class (dystrophic calcinosis cutis is a
   dystrophic calcification, so it has normal Ca-P): a subclass counts each condition the finding
   satisfies at half that share (:data:`F_INHERITED_AXIOM`, as a broader type's sites and signs
   count half), and is excluded by a contradicted one. A condition the finding contradicts (its
   value is disjoint from every allowed value, by the ontology's ``owl:disjointWith`` axioms, or the
   finding states low levels where "elevated" is required) **excludes** the type: it is listed after
   all others with ``excluded=True``. A condition the finding does not state counts 0 and is
   reported. A location condition holds when any of the finding's sites satisfies it.
   **1b. Levels against the patient's disorders.** A finding that states normal or low levels and also
   a disorder whose name is a raised level (:data:`RAISED_LEVELS`: hypercalcaemia, hyperphosphataemia,
   or a narrower form) has no Ca-P status for rules 1, 3 and 6b: one measurement and the patient's
   course disagree ("normal calcium and phosphorus" on admission, "frequent hyperphosphatemia with
   occasional hypercalcemia" over the past year), and which holds when the calcification formed is not
   stated, so neither excludes nor supports a type by the status.
2. The finding's own kind (calcified -> XSCO:0000002, ossified -> XSCO:0000009): a type disjoint
   from it is excluded (calcification and ossification are disjoint). The kind is a filter, not
   evidence for one type: every type of that kind fits it equally, so the umbrella class itself
   (heterotopic ossification for an ossified finding) gains nothing for being the kind (it is noted),
   just as the calcification umbrella is not ranked at all; otherwise the umbrella would outrank
   every named form the finding's sites, disorders and signs point to.
   **2b.** A finding described as calcified does not exclude an ossification type that a source
   ties to a calcification (a calcification type correlated with it or a broader ossification type:
   early heterotopic ossification lesion -> heterotopic ossification,
   tumoral calcinosis -> its mimic myositis ossificans): radiology calls early and zonal heterotopic
   ossification "calcified", so that type counts **-1.0** (:data:`W_CALCIFIED_OSSIFICATION`), with
   that statement as its reason, unless the finding shows an imaging sign that a source states of the type
   or a broader ossification type (not as rare) and that sources state of at most :data:`N_SPECIFIC`
   types (the peripheral rim calcification, zonal pattern or eggshell calcification of myositis
   ossificans; not a localised distribution, which eight types show), at a site a site statement of the
   type or of a broader type matches (rule 3) or with no site stated: then the sources themselves describe
   the calcified look the finding reports, and the form counts nothing against the type (it is noted). Without
   such a sign, at a site the type's own unhedged (or superlative) site statement names itself (myositis
   ossificans in a skeletal muscle the finding names), the form counts half (-0.5,
   :data:`F_CALCIFIED_AT_OWN_SITE`): where a source places the ossification itself, a calcified lesion is what its
   early, zonal form looks like on imaging, though without the sign that would show it. At a site its sources do
   not place it (or only through a related or broader site), the calcified form counts in full. A finding
   described as ossified (organised bone) still excludes every calcification type.
3. **Associations** (OBAN statements of a source) count by their qualifier
   (:func:`statement_weight`): unhedged or emphasising ("especially") **1.0**; hedged
   ("usually", "most often", "typically", "has been described", "can also", "common") **0.5**.
   * site (RO:0004026): the best statement whose site is one of the finding's sites (full weight; a
     superlative - "most common", "most often", "commonest", XSCO:0000225 'superlative qualifier
     value' - counts as unhedged for a site: it names the type's first site among several, and that
     other sites occur is already never counted against), or
     a whole it is part of or a kind of, by is_a/part_of (the site roll-up: fingertip -> finger ->
     hand -> upper limb -> limb), or a part or kind of it (the finding names the broader site:
     hypodermis, the statement subcutaneous adipose tissue; a part of a kind of it counts as its part:
     skeletal muscle tissue is part of every skeletal muscle organ, so of the biceps) - both at half
     weight (:data:`F_RELATED_SITE`), as a broader or narrower disorder counts half - or a kind that a
     part of it is, at a quarter (two steps, a part and then its kind: the thigh has muscles, so a
     thigh finding matches a skeletal muscle statement, as a region the finding names may hold the
     lesion in any of its parts; a statement naming a part of the knee, its medial collateral ligament,
     still weighs more than one naming ligaments in general; one step only, not the parts of those
     kinds, and parts only: a heart is an organ but "organ" has no coronary artery) - counted once; when
     the type names sites and none matches any of the finding's sites either way, **-0.25** (a "most
     often" never excludes other sites), unless no site of the finding is in the loaded ontology
     (then nothing can be said and it is only noted), or a site of the finding could hold one the
     type's source names: a body region (:data:`BODY_REGIONS`: head, neck, trunk, limb and their parts
     that are no organ or tissue themselves - the face, the thigh; not the kidney or the masseter lying in
     them) and a kind of structure found throughout the body (:data:`SYSTEMIC_KINDS`: the integument,
     tissues, tendons, ligaments, vessels, skeletal muscles, joints, lymph nodes, nerves, bursae) do not
     exclude each other - a leg lesion may lie in the hypodermis a source names; a kidney is no hypodermis.
     A type with no site statement of its own takes
     those of its nearest broader types that have some (post-traumatic myositis ossificans: those of
     myositis ossificans and post-traumatic heterotopic ossification; a class a classification scheme
     files it under counts as broader: secondary tumoral calcinosis takes tumoral calcinosis's) at
     half that weight, and a
     mismatch of those never counts against it; a broader type's match also counts instead of the type's
     own when the own matches at less than half weight and the broader type's, halved, weighs more (the
     fingers of limited cutaneous systemic sclerosis "often", for a finding in the hand, 0.25; the hand
     itself of systemic sclerosis, "commonest", 0.5). So does a type whose own site statements match none of
     the finding's sites: its own sites are where a source says it occurs most or first, not the only places
     a form of its broader type occurs (idiopathic calcinosis cutis at the scalp, extremities, joints and
     scrotum is still a calcinosis of the skin); a broader type's match counts at half weight, and only when
     none matches does the -0.25 count. Where the nearest broader types' own sites match none of the finding's
     either, those of their superclasses count, and so on up (at half weight too; not the classes a scheme files
     a broader type under, one source's filing of that type, not of its forms): a broader type's sites are
     likewise where it occurs most (acquired heterotopic ossification "predominantly" at the hips and shoulders;
     a burn-induced heterotopic ossification in a muscle elsewhere still takes heterotopic ossification's
     skeletal muscle tissue);
     **a further site**: besides that best match, one more of the finding's sites that a site statement
     names itself (not a site it is part of or a kind of) counts at half the statement's weight
     (:data:`F_FURTHER_SITE`) - a statement of the type's own when its own match counted, of the broader
     types' at half that again when theirs did - when neither that site nor the statement's lies in an
     is_a/part_of line with the site already counted (buttock and thigh, not thigh and leg): a type whose
     sources name two of the lesion's distinct sites (calciphylaxis at the buttock and the thigh) fits a
     finding at both better than one a source places at one of them; one further site at most, so a type
     with a long list of sites does not outweigh the finding's other evidence;
   * condition (RO:0002610): for each of the patient's disorders, the best statement naming that
     disorder or a broader group of it (full weight: a patient with end-stage kidney disease has
     chronic kidney disease) or a narrower form of it (a quarter, :data:`F_NARROWER_TERM`: the finding's
     surgery is seldom the one kind of surgery, a kidney transplantation, that the statement names);
     a group with more than :data:`N_BROAD_GROUP` (20) narrower terms (medical treatment or procedure: 33)
     counts at half weight (:data:`F_BROAD_GROUP`), as a clinical finding tied to many types does (rule 3c):
     a parathyroidectomy or dialysis is a medical procedure, but that it is one says little of which
     calcification follows it (iatrogenic calcinosis cutis, "associated with medical treatment or procedure",
     does not gain in full from every procedure a patient had); the same for a sign or clinical finding's group;
     absence from an open list ("such as") is never counted against;
   * imaging sign (XSCO:0000218 'has imaging sign'): for each sign the finding shows (XSCO:0000222),
     the best statement naming that sign or a broader sign (full weight) or a narrower sign (a quarter);
     when the type has none, the best such statement of a superclass (the peripheral rim sign of
     myositis ossificans for post-traumatic myositis ossificans; unlike sites, not of a class a
     scheme merely files the type under), at half that weight. A finding whose sites lie in
     :data:`N_WIDESPREAD` (3) or more of the body's regions (:data:`REGIONS_OF_THE_BODY`: head, neck, trunk,
     each limb with its girdle region - the shoulder counts with the arm, the hip with the leg) shows a
     widespread distribution (XSCO:0001350) even when the text does not say so (masses over the forearms,
     the chest and the thighs); that sign is read from the sites, which count
     already, so its statements count at half weight (:data:`F_DERIVED_SIGN`), it never makes a type
     specific (rule 7), and it is no sign the finding shows for a disorder's own statements (rules 3c, 8, 8b:
     pseudoxanthoma elasticum, "a systemic disorder", does not lead the disorders of every finding in three
     regions);
   * Ca-P status: the best statement tying the type to the finding's Ca-P status or a broader one
     (non-uraemic calciphylaxis "occurs with" normal calcium-phosphate metabolism; metastatic
     calcinosis cutis with a calcium-phosphate abnormality, which elevated levels are), at its weight -
     unless the type's definition (or a broader type's, rule 1) already counts that status: the finding's
     Ca-P status counts once per type, by the definition when one requires it (metastatic calcification,
     "elevated" in its definition and "occurs with a calcium-phosphate abnormality" in a source, gains for
     the finding's raised calcium once, not twice, so a kidney-failure patient's raised calcium does not put
     it ahead of calciphylaxis on the status alone); **low levels** (a level low, none raised: "serum calcium
     7 mg/dl" with normal phosphate) are a calcium-phosphate abnormality but count no statement of the whole
     abnormality (:data:`ABNORMAL_STATUS`: calciphylaxis and gastric mucosal calcinosis, whose sources name
     hypercalcaemia, hyperphosphataemia and a raised product): the calcifications of deranged calcium-phosphate
     metabolism form where the levels are raised, and a low level with no raised one is no raised product (it is
     noted; a negated statement of the abnormality still counts against, rule 3, and a definition requiring raised
     levels still excludes, rule 1);
   * **one statement counts once**: when several of the finding's terms are named by the same
     statement (dialysis and peritoneal dialysis, trauma and a traffic accident), it counts for the
     term it fits best (directly before via a broader or narrower term), not once per term;
   * **3c. clinical findings** (HP phenotypes under HP:0000118 the patient has, ``Finding.phenotypes``,
     or an HP term given as a disorder: "hallux valgus", "sclerodactyly"): a statement of the type
     naming one (or a broader or narrower one) counts as a condition statement does (reason role
     ``"phenotype"``), never as the disease of rule 4. A clinical finding that sources tie to more than
     :data:`N_SPECIFIC` types (pain: six; limitation of joint mobility: five) tells them little apart: a
     type's statement naming it counts at half its weight (:data:`F_GENERIC_FINDING`; an unhedged "associated
     with pain" +0.5), so a painful hip does not put acute calcific periarthritis ahead of the types its
     site and disorders point to. A type associated with at most
     :data:`N_SPECIFIC` diseases (a disease's own calcification) also counts, for each sign or
     clinical finding of the patient that one of those diseases' own statements names (and none of the
     type's own), half the product of the two statements' weights (role ``"suggested"``): the heterotopic
     ossification of fibrodysplasia ossificans progressiva with hallux valgus, which a source ties to
     the disease. A disorder's own statement naming a clinical finding of the patient counts for it as
     its statement naming a sign does (rule 8). **A broader type's manifestation**: a clinical finding that no
     statement of the type names counts, as a broader type's sign does, the best statement of a superclass
     naming it (or a broader or narrower one) at half weight (reason match ``"inherited"``): the cutaneous
     necrosis of calciphylaxis is one of non-uraemic calciphylaxis too. Only an HP clinical finding that is no
     XSCO condition (a fracture, filed under trauma, is a cause), named by a statement whose object is none
     either and that sources state of at most :data:`N_SPECIFIC` types (pain is not inherited: it tells the
     types little apart), and never one the type's own negated statement names (the narrower form's own
     statements win); a broader type's diseases, drugs and procedures are never inherited (a risk of the
     broader type need not be one of its form: non-uraemic calciphylaxis negates end-stage kidney disease).
     XSCO files its HP terms directly under HP's phenotypic abnormality, so an HP risk factor (diabetes
     mellitus, obesity) is inherited as a manifestation is;
   * a condition or sign the finding states is *absent* counts **against** at half the weight of the
     best statement naming it (:data:`F_ABSENT`) or a narrower form of it (no trauma is no spinal cord
     injury either), and at half that for a statement naming a broader term (no fracture leaves other
     trauma possible: what the finding rules out is the narrower term only);
   * negated statements ("usually not associated with Ca-P abnormalities"), the best one per negated
     object (the same statement from several sources is one reason): when the finding has
     what the statement negates, it counts **against** with the statement's weight (never
     excludes); when the finding has the opposite (normal Ca-P) it counts **for** with that weight;
     when the finding states the negated condition (or a broader one) is absent ("no history of
     trauma"; idiopathic calcinosis cutis occurs "without any underlying tissue damage") it counts
     **for** at half that weight (:data:`F_ABSENT`), the mirror of an absent condition counting
     against the types associated with it.
4. **The calcification of the patient's own disease.** A type associated *directly* (the disorder
   itself, not a broader or narrower one) with a disorder the finding names, and with at most
   :data:`N_SPECIFIC` (3) diseases in all, is that disease's own calcification (calcinosis of
   limited cutaneous systemic sclerosis for CREST syndrome). An external cause (XSCO:0000052:
   trauma, a procedure, dialysis, a drug) is not a disease of the patient: it never makes a type its
   "own" calcification (a type whose only sourced condition is trauma is not thereby the
   calcification of trauma), and it is not counted among the type's diseases (secondary tumoral
   calcinosis with chronic kidney disease, its two hyperparathyroidisms and dialysis has three
   diseases). Nor is a feature of a disease (XSCO:0001164 'clinical or laboratory feature': acro-osteolysis,
   digital ischaemia, an autoantibody; a laboratory abnormality such as hyperphosphataemia or hypercalcaemia):
   calcinosis of systemic sclerosis, associated with the disease and five of its features, is still the
   disease's own calcification, and hyperphosphataemic familial tumoral calcinosis is not the calcification of
   a dialysis patient's hyperphosphataemia. The disease's own calcification gains
   ``W_SPECIFIC x w / n``
   (**+2.0** for an unhedged statement and a type of one disease; ``w`` the statement's weight,
   ``n`` its number of diseases; reason kind ``"specificity"``).
5. **Named types.** A type the finding names counts **+2.0** (:data:`W_NAMED`, reason kind
   ``"named"``), each of its narrower forms half that (a subclass, or a type a classification scheme files
   under it, as rule 7b counts them: calcinosis cutis named, the calciphylaxis that three schemes file under
   it); a type the finding states is absent counts -2.0.
   A type that a source associates a named type with (RO:0002610 from type to type: chondrocalcinosis
   -> calcium pyrophosphate dihydrate deposition disease) counts the statement's weight; so does a type
   that a source says can look like a named type on imaging (XSCO:0000227 'has imaging mimic', read in both
   directions: tumoral calcinosis named, its mimics calcinosis universalis and calcific tendinopathy are in
   its differential), but a mimic is never the entity a named type hands its place to (rule 5b), never
   one of a type's conditions (rules 3, 4, 6) and, for a disorder, counts as rule 8 says ("can look like").
   **5b. The narrowest entity the evidence supports.** A named type hands its place among the
   specific types (rule 7) to (i) its subtypes that an unhedged statement ties directly to one of the
   finding's disorders or signs (not via a broader or narrower term, not one of an open list):
   "heterotopic ossification" named and hip arthroplasty known -> post-surgical heterotopic
   ossification; and (ii) the types an unhedged statement associates it with (chondrocalcinosis ->
   CPPD disease), unless the finding's kind counts against that type (rule 2b): a hedged
   "occasionally associated with heterotopic ossification" does not make an ossification the entity
   to name for a calcification the finding calls calcinosis universalis; (iii) when the names converge,
   a named type that a source ties (hedged or not) to a type another named type hands its place to
   by (ii) steps back too: "intra-articular calcification" and "chondrocalcinosis" named, calcium
   pyrophosphate dihydrate deposition disease (which both sources point to) is the entity to name.
6. **Idiopathic forms when a cause is known.** A type under an idiopathic class (XSCO:0001111
   idiopathic calcification, XSCO:0001711 idiopathic heterotopic ossification) counts **-1.5**
   (:data:`W_IDIOPATHIC`), one that a classification scheme places under one **-0.75**, when the
   finding names a disorder that some non-idiopathic type is associated with (a known cause) and
   the type itself is associated with none of the finding's disorders. A type that only a scheme
   files under an idiopathic class is spared when a narrower form of it (a subclass, or a type a
   scheme places under it) is associated with one of the finding's disorders: a scheme files tumoral
   calcinosis under idiopathic calcinosis cutis, but in kidney failure its secondary form is the
   tumoral calcinosis of kidney failure. A type that *is* idiopathic (a subclass of an idiopathic
   class) is never spared that way.
   **6b. Idiopathic forms when no cause is known.** The mirror of rule 6 at half its weight: a type
   that is idiopathic (a subclass of an idiopathic class; or a type that a classification scheme files under
   one and no scheme under another cause, where its own site statement names a site of the finding at which a
   source places that idiopathic form too: scrotal calcinosis at the scrotum, which StatPearls files under
   idiopathic calcinosis cutis and no other scheme files at all; not tumoral calcinosis, which one scheme files
   under the idiopathic form and another under the dystrophic one, nor the subepidermal calcified nodule at the
   skin, where no source places idiopathic calcinosis cutis itself) counts
   **+0.75** (``-W_IDIOPATHIC x F_ABSENT``, reason role ``"no-cause"``) when the finding names no
   disorder, states no abnormal calcium-phosphate level (normal or not stated), and a site statement
   of the type's own (not a broader type's it inherits, rule 3) matches the finding's sites at least at half
   weight (a hedged statement naming the site, or an unhedged one naming a related site): "idiopathic" is
   "without a known cause", and a skin calcification with none known is the idiopathic calcinosis cutis
   the sources describe, not the generic calcinosis cutis. A broader type's site is where all its forms occur,
   the caused ones too, so it says nothing of the form without a cause: idiopathic calcinosis cutis in the
   hypodermis, which only calcinosis cutis's statement names, or idiopathic heterotopic ossification in skeletal
   muscle tissue, which only heterotopic ossification's names, gains nothing for having no known cause.
7. **Order of the types**: not excluded first; then the *specific* types (``Candidate.specific``:
   rule 4 from an unhedged statement, its gain at least an unhedged statement's weight (the calcification
   of at most two diseases: secondary tumoral calcinosis, of chronic kidney disease and two
   hyperparathyroidisms, is one of several calcifications of kidney failure, not the one to name ahead of
   calciphylaxis or metastatic calcification), at a site the type's statements support or with no site
   stated (a hedged "can be the calcification of" does not put a type ahead); a sign of the
   finding that the type's own statement names, whatever the site (the sign is seen in the lesion
   itself: a chain-mail calcification at the knee is the guinea worm's, though its sources name
   other sites; not a sign its source says the type rarely shows - "very rare", XSCO:0000226 'rarity
   qualifier value': that statement still counts as hedged evidence; nor a generic sign, one that sources
   state of more than :data:`N_SPECIFIC` types - a widespread distribution of calcification (seven types), a
   localised one (eight), linear calcification (six): it counts as evidence, but a sign many types share no more
   names the one the finding is than a clinical finding tied to many types does, rule 3c, and six types whose only
   evidence is a widespread distribution would otherwise lead one that the finding's site, symptoms, age and sex
   point to); or rule 5/5b; never a type whose
   score is not positive: a type the evidence counts
   against on balance - its own sign in a finding whose kind counts against it, rule 2b - leads nothing)
   before the others, so that the
   entity a radiologist would name leads even when a generic defined class (dystrophic
   calcification) collects more axiom points; then score (the sum of the weights)
   descending, the number of axiom reasons, the number of direct unhedged reasons (full weight: not
   hedged, not about a broader or narrower disorder), the number of those that name one of the
   patient's disorders itself (not a group it belongs to, not one example of an open list "such as":
   a direct statement beats one inherited from a group or list in a tie) (all descending), the number
   of reasons a broader type's statement gives it (rule 3: an inherited site or sign) ascending (at
   equal score the type whose evidence is its own before one that borrows part of it), the number of the
   patient's disorders and clinical findings a statement of the type names (rule 3 and 3c, one per finding term)
   descending (at equal score the type that accounts for more of the patient's picture before one whose score
   rests on fewer of the patient's terms, its sites), a type with some reason for it before one with none,
   the depth of the type in the is_a hierarchy (the more specific first; among types nothing speaks
   for, the broader first: with no evidence the evidence supports no narrower form - nor with only the
   evidence a narrower form inherits from its broader types and its being an idiopathic form, rule 6b),
   then CURIE.
   **7b.** A narrower form of a specific type (a subclass, or a type a classification scheme files
   under it) that scores higher than it, or as high and carries all its evidence and some of its own
   (rule 7c; a form of a named type carries the naming), is specific too: it carries the broader type's evidence
   (inherited sites and signs, its definition) and more (myositis ossificans is specific by its own
   imaging sign; after a fall, post-traumatic myositis ossificans, which shares that sign and has the
   fall, leads it; tumoral calcinosis with its sedimentation sign, in chronic kidney disease its
   secondary form). A form of a type the finding names counts the naming at half (rule 5); what it lacks
   only for that (:func:`_naming_handicap`) is not held against a form that carries all of the named
   type's evidence and some of its own ("heterotopic ossification" named, in the neck and a muscle: the
   heterotopic ossification of fibrodysplasia ossificans progressiva, with its own neck statement).
   **7c. The narrower form the same evidence supports.** A type ranks right after the best-ranked of its
   narrower forms (a subclass, or a type a scheme files under it; of the same tier, not excluded) that
   carries all of its evidence and some of its own: for each reason for the broader type, a reason for
   the narrower form about the same finding term (any site counts as the sites) that is the same
   statement (inherited; not a clinical finding inherited by rule 3c, which is the patient's, not the
   lesion's, and says nothing of which form the lesion is) or weighs at least as much (one of an open list
   only if the broader type's is;
   being a form of a type the finding names carries the naming);
   a statement of the narrower form's own (not inherited, not the broader type's) ties it to a site,
   disorder or sign of the finding; when a site statement of the broader type bears on the finding's
   sites (for or against), one of the narrower form's own does too; and nothing counts against it that
   does not count against the broader type. Skin calcification in lupus: calcinosis universalis (its
   own skin statement) before the generic calcinosis a scheme files it under, at the same score. A
   form that only inherits (no statement of its own) is no better supported than its broader type and
   stays after it (rule 7: with no evidence for the narrower form, the broader first).
   **7d. Evidence that outweighs a name.** A type that is not specific joins the specific types when its
   score exceeds the best specific type's by at least half a naming's weight (+1.0: :data:`W_NAMED` x
   :data:`F_OUTWEIGHS`): the naming (or the own disease or sign) that made that type specific is in its score
   already, so a full naming's margin on top would count it twice. A text that names "vascular calcification"
   in a patient on dialysis with hypercalcaemia and diffuse pulmonary calcification is metastatic calcification
   (definition, site, three conditions, the calcium level), which the naming alone (+2.0) does not outrank; a
   text that names the vascular calcification seen beside a calciphylaxis (arteries, skin necrosis, chronic
   kidney disease, dialysis, diabetes: 5.75 against the named type's 4.29) is calciphylaxis. A type the
   finding names never joins so (its naming is in its score, and rule 5b may have handed its place on:
   chondrocalcinosis named stays behind calcium pyrophosphate dihydrate deposition disease).
   **7e. A form the finding does not place.** A broader type moves right before a narrower form of it (a
   subclass, or a type a scheme files under it; same tier, not excluded) that ties with it in score when
   nothing speaks for the form beyond what speaks for the broader type (each of its reasons is matched by a
   reason for the broader type about the same finding term, any site counting as the sites, that weighs as
   much) and the form has site statements of its own of which none counts for it (sites inherited from a
   broader type aside): a form its sources place somewhere is not the one the evidence names when the
   finding is not shown there. Dermatomyositis and no fascia named: calcinosis of dermatomyositis before
   intermuscular fascial calcinosis of dermatomyositis (its sources: the fascia), which has its own statement
   of the disease but nothing the broader type lacks. Ossified after trauma, no site: post-traumatic
   heterotopic ossification before post-traumatic myositis ossificans (its sources: muscle). The finding's
   own kind (rule 2: heterotopic ossification for an ossified finding) is never moved so: every form of it
   fits the finding equally. Applied last, after rule 7c and the depth order.
8. **Disorders** are scored from the types that fit: a condition associated with a non-excluded type
   of positive score gets ``weight(statement) * score(type) / best type score`` (the strongest
   statement per type) for its best-fitting type only - one finding counts once: the types that fit
   share the finding's evidence (calcinosis, calcinosis cutis and calcinosis universalis all fit a skin
   calcification for the same skin statement), so a disorder associated with many of them (dermatomyositis)
   has no more support from the finding than one associated with the best of them; the others are
   listed at weight 0, and associations with excluded types are listed against it. A type that sources
   associate with more than :data:`N_SPECIFIC` disorders (dystrophic calcification: trauma, fat necrosis,
   tumours and more) counts at half that weight (:data:`F_SHARED_TYPE`) for each of them, as a clinical
   finding sources tie to many types does (rule 3): its fit says little about which of its disorders it
   is, against a type few disorders share (phlebolith) or a disorder's own sites and signs (rule 8b).
   **8b. A disorder that is itself the diagnosis** is ranked from its own picture too: each of the
   finding's sites counts the best of the disorder's own site statements that matches it (as rule 3
   for a type: full weight, a related site half; one statement counts once, the strongest
   site-statement pairs taken first, whatever order the finding lists its sites in; a site it does not
   name says nothing against it), so a disorder whose statements name several of the finding's sites
   (pseudoxanthoma elasticum: skin, neck, blood vessels) gains for each; its own age or sex
   predilection counts as rule 9. A disorder whose own site statement matches is a candidate even when
   no fitting type is associated with it. A disorder's own statement naming an imaging sign or
   clinical finding the finding shows (or a broader term of it) counts the statement's weight
   (pseudoxanthoma elasticum: angioid streaks; fibrodysplasia ossificans progressiva: hallux valgus).
   A disorder the finding names is marked known and gains **+2.0** (:data:`W_KNOWN`), a broader or narrower one
   +1.0; one stated absent -2.0, and it is never known (rule 0: "no malignancy" beside a myeloma read from the
   text does not put malignancy among the patient's own diseases, first). Order: the patient's own diseases
   (named, or a broader or narrower form of one named) that a fitting type supports first - the disease the
   patient is known to have explains the finding before one a generic type merely shares (CREST syndrome and
   scleroderma before dermatomyositis). The type must fit at least half as well as the best-fitting one
   (:data:`F_EXPLAINS`): a liver disease does not lead because a barely fitting calciphylaxis is "suspected"
   with it. An external cause (XSCO:0000052: an injury, drug, treatment or procedure given to the patient, such
   as surgery or a kidney transplantation) or a feature of a disease (XSCO:0001164), told apart as rule 4 tells
   them, keeps its known score but not that place: it is the finding's context, stated already, not the disease
   a differential looks for (after a reduction mammoplasty, fat necrosis is the answer, not "surgery" or its
   broader "medical treatment or procedure"). Nor does it compete with the disorders the finding does not state:
   a stated external cause or feature (and a broader or narrower form of one) is listed after them, with its
   known score and reasons shown - the differential looks for what the finding does not already say (a minor
   trauma before a mass in the thigh: extraskeletal osteosarcoma before trauma, 3.0 for being stated). Then the
   disorders a source ties to an imaging sign the finding shows (pseudoxanthoma elasticum for angioid streaks:
   evidence of the disorder itself, not one shared through generic types); then the disorders a source
   associates with a type the finding names (phleboliths named: venous malformation, haemangioma - the named
   type is a manifestation of those disorders, not a finding generic types share); then score descending, then
   CURIE.
9. **Age and sex.** A type whose own source states an age predilection ('has measure' XSCO:0000220
   'peak age' XSCO:0001361 or 'age at onset' XSCO:0001755, a number of years or decades of life:
   "predominantly affects individuals aged between 40 and 60 years"; or of months, weeks or days, an
   infant's age, read in years: "the first 6 months of life" is 0-0.5 years) counts
   **+0.25** (:data:`W_DEMOGRAPHIC`) times the statement's weight when the patient's age
   (``Finding.age``, as the annotator reads it) falls in the stated span; one with a share of female
   patients of at least 60 % (:data:`F_PREDOMINANT_SEX`; at most 40 % for a male patient) counts the
   same for the patient's sex (reason role ``"demographic"``). A share the source states only as a bound
   on the other side (:data:`UPPER_BOUNDS`, :data:`LOWER_BOUNDS`: "women are affected in up to 80 % of
   cases") states no such share: "up to 80 %" may be any share below it (a share of women "up to 30 %"
   still says at least 70 % are men). An age at onset is compared with the patient's age at
   presentation, which for the early-onset entities it is stated for is a simplification. A
   predilection never counts against a patient outside it (it is noted), with one exception: when every age
   statement of the type (or disorder, rule 8b) is a peak age and all of them lie on the other side of adulthood
   (:data:`ADULT_AGE`, 19 years: the end of MeSH's "Adolescent", 13 to 18 years) from the patient - only
   adults' peaks for a child, only children's for an adult - it counts **-0.5** (:data:`W_OTHER_LIFE_STAGE`)
   times the statement's weight against it (calcium pyrophosphate dihydrate deposition disease, "increasingly
   common over the age of 55 years", for an 8-year-old): an age in the stated span is shared by many patients
   who have other entities, but a patient of another life stage than every peak the sources give is one the
   sources do not describe. An age at onset never counts against (a lesion that began in infancy is still there,
   and may first be imaged, in an adult: the heterotopic ossification of progressive osseous heteroplasia in a
   woman of 38), nor does a peak that reaches across the line (synovial sarcoma, 15-40 years). The weights are
   small: age and sex narrow a differential, they do not make a diagnosis.

The weights are a heuristic of XSCO's, not a source's; every reason keeps its source, the source's
qualifier (hedge) and the source's sentence, and the candidates are not diagnoses.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from .errors import FindingError, InputError, KgError, MissingDependencyError, UnknownTermError
from .graph import ancestors as _ancestors
from .graph import descendants as _descendants
from .graph import is_hedged
from . import vocab
from .prefixes import compress, expand
from .qualifiers import Qualifiers, bundled_qualifiers
from .query import run_query
from .store import DATA

if TYPE_CHECKING:
    from .associations import Association, Quantity
    from .protocols import KnowledgeBase as KnowledgeGraph
    from .terms import Term

__all__ = [
    "F_BROAD_GROUP",
    "F_CALCIFIED_AT_OWN_SITE",
    "F_DERIVED_SIGN",
    "F_FURTHER_SITE",
    "F_GENERIC_FINDING",
    "F_INHERITED_AXIOM",
    "F_NARROWER_TERM",
    "F_OUTWEIGHS",
    "F_RELATED_DISORDER",
    "F_RELATED_SITE",
    "N_BROAD_GROUP",
    "ROLES",
    "W_AXIOM",
    "W_CALCIFIED_OSSIFICATION",
    "W_DEMOGRAPHIC",
    "W_HEDGED",
    "W_OTHER_LIFE_STAGE",
    "W_SITE_MISMATCH",
    "W_UNHEDGED",
    "Candidate",
    "Finding",
    "Reason",
    "candidate_data",
    "differential",
    "finding_context",
    "finding_data",
    "finding_from_data",
    "finding_terms",
    "findings_from_file",
    "findings_in",
    "is_region_part",
    "read_phrases",
    "reason_data",
    "statement_weight",
    "to_data",
]

W_AXIOM = 3.0
W_UNHEDGED = 1.0
W_HEDGED = 0.5
F_RELATED_DISORDER = 0.5
#: a statement naming a narrower term than the finding's (the finding's surgery, the statement's kidney
#: transplantation): two steps of uncertainty, the kind and whether it is that kind (rule 3)
F_NARROWER_TERM = F_RELATED_DISORDER ** 2
W_SITE_MISMATCH = -0.25
W_SPECIFIC = 2.0
N_SPECIFIC = 3
#: rule 8: a type sources associate with more than N_SPECIFIC disorders supports each of them at this factor
F_SHARED_TYPE = 0.5
W_NAMED = 2.0
#: rule 7d: a type that is not specific joins the specific types when its score exceeds the best specific type's by
#: this share of a naming's weight (the naming, or the own disease or sign that made that type specific, is in its
#: score already: a full naming's margin on top counted it twice)
F_OUTWEIGHS = 0.5
W_IDIOPATHIC = -1.5
W_KNOWN = 2.0
#: rule 8: a known disease leads the disorders when a type that fits the finding at least half as well as
#: the best-fitting one (or fits best, under a hedged statement) supports it, not a barely fitting one
F_EXPLAINS = 0.5
F_ABSENT = 0.5
F_RELATED_SITE = 0.5
W_CALCIFIED_OSSIFICATION = -1.0
#: rule 2b: the calcified form counts at this share against an ossification type whose own unhedged site statement
#: names one of the finding's sites itself (where a source places the ossification, its early lesion looks calcified)
F_CALCIFIED_AT_OWN_SITE = 0.5
#: rule 3: a further site of the finding that a site statement names itself, apart from the one counted (one at most)
F_FURTHER_SITE = 0.5
F_INHERITED_AXIOM = 0.5
W_DEMOGRAPHIC = 0.25
#: rule 9: a type or disorder whose sources give a peak age only on the other side of adulthood from the patient (only a
#: child's for an adult, only an adult's for a child) counts this, times the statement's weight, against it
W_OTHER_LIFE_STAGE = -0.5
#: rule 9: the age in years from which a patient is an adult, the line a peak age is compared across: the end of MeSH's
#: "Adolescent" (D000293, "A person 13 to 18 years of age."), as :data:`kgtools.annotate.AGE_GROUPS` reads it
ADULT_AGE = 19.0
F_PREDOMINANT_SEX = 60.0  # a share of female patients of at least 60 % (or at most 40 %) is a sex predilection
#: comparators that state a share only as an upper (lower) bound: "up to 80 %" is no share of at least 60 % (rule 9)
UPPER_BOUNDS = ("up to", "<", "<=", "at most", "less than")
LOWER_BOUNDS = (">", ">=", "at least", "more than")

MINERALIZATION = "XSCO:" + vocab.MINERALIZATION.removeprefix(vocab.XSCO)  # the root of the types (a branch root)
# (spelled out rather than compress()ed: compress at import loads curies and pydantic, ~0.25 s of
# every command's start-up)
CALCIFICATION = "XSCO:0000002"
OSSIFICATION = "XSCO:0000009"
CONDITION = "XSCO:0000030"
EXTERNAL_CAUSE = "XSCO:0000052"  # injuries, drugs, procedures: not a disease of the patient
FEATURE = "XSCO:0001164"  # a sign, symptom or laboratory result of a disease (acro-osteolysis): not a disease itself
HAS_STATUS = "XSCO:0000101"
HAS_TISSUE = "XSCO:0000102"
OCCURS_WITH = "XSCO:0000103"
LOCATED_IN = "RO:0001025"
STATUS_CLASSES = {"elevated": "XSCO:0000012", "normal": "XSCO:0000013", "low": "XSCO:0000014",
                  "abnormal": "XSCO:0000014"}
TISSUE_CLASSES = {"normal": "XSCO:0000016", "degenerated": "XSCO:0000017", "necrotic": "XSCO:0000018"}
_STATUS_WORDS = {"XSCO:0000012": "elevated", "XSCO:0000013": "normal", "XSCO:0000014": "abnormal"}
LEVELS = ("normal", "elevated", "low")
_ELEVATED = "XSCO:0000012"
#: the whole calcium-phosphate abnormality (raised or low levels): rule 3 counts a statement of it for a raised level
#: or an abnormality stated as such, not for low levels alone
ABNORMAL_STATUS = "XSCO:0000014"
#: the laboratory abnormalities whose name states a raised level: hypercalcaemia, hyperphosphataemia (rule 1b)
RAISED_LEVELS = ("XSCO:0001013", "XSCO:0001014")
_CORRELATED = "RO:0002610"
_MIMIC = "XSCO:0000227"  # has imaging mimic: a differential diagnosis, never a condition or cause
_HAS_SIGN = "XSCO:0000218"
PATTERN_SUBSET = vocab.XSCO + "0000311"  # the subset of imaging patterns (oboInOwl:inSubset)
IMAGING_SIGN = "XSCO:0000231"
_HAS_MEASURE = "XSCO:0000220"
PEAK_AGE = "XSCO:0001361"
AGE_MEASURES = (PEAK_AGE, "XSCO:0001755")  # peak age, age at onset
FEMALE_SHARE = "XSCO:0001598"  # proportion of female patients
_HAS_LOCATION = "RO:0004026"
_CLASSIFIED_UNDER = "XSCO:0000210"
ANATOMICAL_ENTITY = "UBERON:0001062"
#: UBERON's body regions at the top of its organism subdivisions (head, neck, trunk, limb, and the pectoral and
#: pelvic complexes, which hold the shoulder and the hip): a site that is one of them or lies in one (by
#: is_a/part_of) says where in the body (rule 3's site mismatch)
BODY_REGIONS = ("UBERON:0000033", "UBERON:0000974", "UBERON:0002100", "UBERON:0002101", "UBERON:0010708",
                "UBERON:0010709")
ORGAN = "UBERON:0000062"
#: the kinds of structure found throughout the body rather than in one place: the integument (skin, dermis,
#: hypodermis), tissues (skeletal muscle, adipose, connective tissue, fascia), tendons, ligaments, aponeuroses,
#: blood vessels, skeletal muscles, joints, lymph nodes, nerves, bursae and XSCO's periarticular soft tissue:
#: a site of one of these kinds says in what, not where (rule 3's site mismatch)
SYSTEMIC_KINDS = ("UBERON:0002199", "UBERON:0000479", "UBERON:0000043", "UBERON:0000211", "UBERON:0006614",
                  "UBERON:0001981", "UBERON:0002049", "UBERON:0014892", "UBERON:0000982", "UBERON:0000029",
                  "UBERON:0001021", "UBERON:0003668", "XSCO:0001125")
#: the body's regions a widespread finding spans (rule 3, sign): head, neck, trunk, and each limb with its girdle
#: region (UBERON's pectoral and pelvic complexes: the shoulder and the hip are in no limb)
REGIONS_OF_THE_BODY = ("UBERON:0000033", "UBERON:0000974", "UBERON:0002100", "UBERON:0010708", "UBERON:0010709")
N_WIDESPREAD = 3  # sites in this many of the body's regions are a widespread distribution
WIDESPREAD = "XSCO:0001350"  # imaging sign 'widespread distribution of calcification'
F_DERIVED_SIGN = 0.5  # a sign read from the finding's sites (widespread): its statements count half
#: rule 3c: a clinical finding that sources tie to more than N_SPECIFIC types (pain: six) tells them little apart;
#: a type's statement naming it counts at this share of its weight
F_GENERIC_FINDING = 0.5
#: rule 3: a group with more narrower terms than this (medical treatment or procedure: 33) says little of what the
#: patient had; a statement naming it counts for a narrower term of the finding (parathyroidectomy, dialysis) at
#: F_BROAD_GROUP of its weight
N_BROAD_GROUP = 20
F_BROAD_GROUP = 0.5
PHENOTYPE = "HP:0000118"  # HP's phenotypic abnormality: a clinical finding of the patient (rule 3c)
TISSUE_STATE = "XSCO:0000015"
CA_P_STATUS = "XSCO:0000011"
#: What a term is to a finding, by the root it falls under (first match wins).
KIND_ROOTS = (("type", MINERALIZATION), ("condition", CONDITION), ("sign", IMAGING_SIGN), ("tissue", TISSUE_STATE),
              ("status", CA_P_STATUS))
#: The idiopathic classes: a type under one of them (or placed under one by a scheme) has no known cause.
IDIOPATHIC = ("XSCO:0001111", "XSCO:0001711")


def is_superlative(qualifier: str | None) -> bool:
    """True for a qualifier that ranks its object first among several ("most common", "most often";
    XSCO:0000225 in the bundled XSCO)."""
    return bundled_qualifiers().is_superlative(qualifier)


def is_rarity(qualifier: str | None) -> bool:
    """True for a qualifier that says its object is infrequent ("rare", "occasionally"; XSCO:0000226 in
    the bundled XSCO)."""
    return bundled_qualifiers().is_rarity(qualifier)


def statement_weight(qualifier: str | None, qualifiers: Qualifiers | None = None) -> float:
    """1.0 for an unhedged (or "especially") statement, 0.5 for a hedged one ("usually", "most often", ...).

    The ontology says which qualifiers are hedges (:mod:`kgtools.qualifiers`; default: the bundled XSCO's)."""
    return W_HEDGED if is_hedged(qualifier, qualifiers) else W_UNHEDGED


@dataclass(frozen=True)
class Finding:
    """An imaging finding: where it is, the patient's Ca/P levels, the tissue and known disorders.

    ``calcium`` and ``phosphate`` are "normal", "elevated" or "low"; ``tissue`` is "normal",
    "degenerated" or "necrotic" (or a term under XSCO:0000015); ``ossified`` is True for organised
    bone (trabeculae, cortex), False for structureless calcification, None when not known;
    ``status`` overrides the Ca-P status derived from the two levels: a word ("elevated", "normal",
    "low" or "abnormal" = abnormal, not known to be elevated) or a status term (CURIE or IRI of a
    subclass of XSCO:0000011, as the web form gives it). Every term field takes a label, synonym,
    CURIE or IRI: this one type serves the CLI, the web page and the library.
    """

    site: str | None = None
    calcium: str | None = None
    phosphate: str | None = None
    tissue: str | None = None
    disorders: tuple[str, ...] = ()
    ossified: bool | None = None
    status: str | None = None
    label: str | None = None
    iri: str | None = None
    signs: tuple[str, ...] = ()  # imaging signs seen (subclasses of XSCO:0000231, e.g. "sedimentation sign")
    sites: tuple[str, ...] = ()  # further sites (``site`` is the first); every one is a site of the finding
    named: tuple[str, ...] = ()  # mineralization types the finding names ("phleboliths", "calcific tendinitis")
    absent: tuple[str, ...] = ()  # terms the finding states are absent ("no history of trauma"): never counted for
    #: the patient's age in years as the text bounds it: (62, 62) for "a 62-year-old", (60, 70) for "in her
    #: sixties", (0, 18) for "a boy"; None when not stated (set by kgtools.annotate; scored by rule 9)
    age: tuple[float, float] | None = None
    sex: str | None = None  # "female" or "male" when stated (set by kgtools.annotate; scored by rule 9)
    #: HP clinical findings the text states present ("sclerodactyly", "heliotrope rash"; CURIEs; set by
    #: kgtools.annotate; not yet scored)
    phenotypes: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        """True when the finding states nothing at all (its label and IRI aside)."""
        return not (self.all_sites() or self.calcium or self.phosphate or self.status or self.tissue
                    or self.disorders or self.ossified is not None or self.signs or self.named)

    def all_sites(self) -> tuple[str, ...]:
        """``site`` then ``sites``, each once."""
        return tuple(dict.fromkeys(((self.site,) if self.site else ()) + tuple(self.sites)))

    def ca_p_status(self) -> str | None:
        """"elevated", "normal", "low", "abnormal" or None (nothing stated)."""
        if self.status is not None:
            word = _STATUS_WORDS.get(compress(self.status) if "://" in self.status else self.status)
            if word:
                return word
            if self.status not in STATUS_CLASSES and ":" not in self.status:
                raise FindingError(f"unknown calcium-phosphate status {self.status!r}; "
                                   f"use one of: {', '.join(STATUS_CLASSES)}")
            return self.status  # a word, or a narrower status term (resolved against the ontology)
        levels = [v for v in (self.calcium, self.phosphate) if v is not None]
        for value in levels:
            if value not in LEVELS:
                raise FindingError(f"unknown calcium/phosphate level {value!r}; use one of: {', '.join(LEVELS)}")
        if "elevated" in levels:
            return "elevated"
        if "low" in levels:
            return "low"
        return "normal" if levels else None

    def describe(self, name: Callable[[str], str] = str) -> str:
        """One line: what the finding states (``name`` turns a CURIE or label into display text)."""
        sites = self.all_sites()
        parts = [
            f"site={', '.join(name(x) for x in sites) if sites else '?'}",
            f"Ca-P status={self.ca_p_status() or '?'}",
            f"tissue={name(self.tissue) if self.tissue else '?'}",
            f"mineral={'ossified' if self.ossified else 'calcified' if self.ossified is False else '?'}",
            f"disorders={', '.join(name(d) for d in self.disorders) or '-'}",
            *([f"signs={', '.join(name(x) for x in self.signs)}"] if self.signs else []),
            *([f"named={', '.join(name(x) for x in self.named)}"] if self.named else []),
            *([f"absent={', '.join(name(x) for x in self.absent)}"] if self.absent else []),
            *([f"age={_age_text(self.age)}"] if self.age else []),
            *([f"sex={self.sex}"] if self.sex else []),
            *([f"phenotypes={', '.join(name(x) for x in self.phenotypes)}"] if self.phenotypes else []),
        ]
        return (f"{self.label}: " if self.label else "") + "; ".join(parts)


#: The roles of a :class:`Reason` (``Reason.role``), by rule: the ranking reads these, not the text.
ROLES = {
    "form": "rule 2: the finding's kind (calcified/ossified) is disjoint from the type (excludes)",
    "calcified-form": "rule 2b: described as calcified, an ossification a source ties to a calcification",
    "definition": "rule 1: a condition of the type's (or a broader type's) definition",
    "site": "rule 3: a site statement that matches (or, against, matches none of) the finding's sites",
    "condition": "rule 3: a statement tying the type to one of the patient's disorders",
    "sign": "rule 3 (types) / rule 8 (disorders): a statement naming an imaging sign the finding shows",
    "phenotype": "rule 3c: a statement naming a clinical finding (HP phenotype) the patient has",
    "suggested": "rule 3c: an associated disorder that a sign or clinical finding of the patient points to",
    "status": "rule 3: a statement tying the type to the finding's Ca-P status",
    "absent": "rules 3, 5, 8: a term the finding states is absent",
    "negated": "rule 3: a negated statement of a source ('usually not associated with ...')",
    "specificity": "rule 4: the calcification of the patient's own disease",
    "named": "rule 5: the finding names this type",
    "named-form": "rule 5: a form of a type the finding names",
    "named-link": "rule 5: a source associates a type the finding names with this one",
    "named-mimic": "rule 5: a source says this type and a type the finding names can look alike on imaging",
    "idiopathic": "rule 6: an idiopathic form although a cause is known",
    "no-cause": "rule 6b: an idiopathic form, and the finding names no cause",
    "demographic": "rule 9: a source's age or sex predilection and the patient's age or sex",
    "type": "rule 8: a disorder's statement with a type (fitting the finding, or not)",
    "known": "rule 8: the finding states the patient has this disorder (or a broader/narrower form)",
}


def _age_text(age: tuple[float, float]) -> str:
    low, high = age
    return f"{low:g}" if low == high else f"{low:g}-{high:g}"


@dataclass(frozen=True)
class Reason:
    """One piece of evidence: what it says, its signed weight, and the statement behind it."""

    text: str
    weight: float
    kind: str  # "axiom", "association", "finding"
    source: str | None = None
    qualifier: str | None = None
    statement: str | None = None
    excludes: bool = False
    quote: str | None = None  # the source's own sentence behind the statement, verbatim
    #: what the reason is about (:data:`ROLES`); the ranking rules read this, never the display text
    role: str | None = None
    #: how the statement's term meets the finding's: "direct" (the same term), "broader" (the statement
    #: names a group the finding's term belongs to), "narrower" (a form of it), "related" (a site it is
    #: part of / a part of it), "inherited" (the statement is a broader type's); None when not a match
    match: str | None = None
    open_list: bool = False  # the statement names its object as one example of an open list ("such as")
    about: str | None = None  # the CURIE of the finding's term (or named type) the reason is about

    def __str__(self) -> str:
        hedge = f' [{self.qualifier}]' if self.qualifier else ""
        src = f" (source: {self.source})" if self.source else ""
        weight = "EXCLUDES" if self.excludes else f"{self.weight:+.2f}" if self.weight else " 0.00"
        return f"{weight} {self.text}{hedge}{src}"


@dataclass(frozen=True)
class Candidate:
    """A calcification type or disorder that may explain the finding, with its reasons."""

    term: Term
    kind: str  # "type" or "disorder"
    score: float
    excluded: bool = False
    reasons_for: tuple[Reason, ...] = ()
    reasons_against: tuple[Reason, ...] = ()
    known: bool = False
    notes: tuple[str, ...] = field(default=(), compare=False)
    #: the calcification of a disorder the finding names (rule 4) or a type the finding names (rule 5),
    #: at a site the finding supports (or with no site stated): ranked before the other types
    specific: bool = False

    @property
    def curie(self) -> str:
        return self.term.curie

    @property
    def label(self) -> str:
        return self.term.label or self.term.curie

    def __str__(self) -> str:
        flag = " (excluded)" if self.excluded else ""
        return f"{self.label} ({self.curie}) score {self.score:.2f}{flag}"


# --- reading the ontology ----------------------------------------------------------------------

class FindingContext:
    """What the differential reads from the knowledge graph: nothing that depends on the finding, so
    :func:`differential` builds it once per version of the graph (``kg.derived``) and every call and
    thread shares it read-only (its memo of idiopathic types fills in as asked, the same for all)."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.isa = kg.graph("is_a")
        self.sites = kg.graph(("is_a", "part_of"))
        self.associations: list[Association] = kg.associations()
        self.patterns: set[str] = {
            compress(str(r["c"]))
            for r in run_query(kg.store, "subset-members", {"subset": URIRef(PATTERN_SUBSET)}).rows
        }
        self.defined: dict[str, dict[str, set[str]]] = {}
        self.defined_source: dict[str, str] = {}
        for row in run_query(kg.store, "defined-classes").rows:
            t, p = compress(str(row["type"])), compress(str(row["p"]))
            allowed = self.defined.setdefault(t, {}).setdefault(p, set())
            x = row["x"]
            if isinstance(x, URIRef):
                allowed.add(compress(str(x)))
            elif "u" in row:
                allowed.add(compress(str(row["u"])))
            if "source" in row:
                self.defined_source.setdefault(t, str(row["source"]))
        # The sentence that states a defined class's mechanism (its "has mechanism" association of the
        # same source as the definition), quoted as the statement behind an axiom reason.
        self.definition_text: dict[str, str] = {}
        mechanisms = sorted((a for a in self.associations if a.predicate == "XSCO:0000205" and a.text),
                            key=lambda a: (a.source != self.defined_source.get(a.subject.curie), a.iri))
        for a in mechanisms:
            self.definition_text.setdefault(a.subject.curie, a.text)
        self.disjoint: dict[tuple[str, str], str | None] = {}
        for row in run_query(kg.store, "disjoint-classes").rows:
            left, right = compress(str(row["a"])), compress(str(row["b"]))
            src = str(row["source"]) if "source" in row else None
            for pair in ((left, right), (right, left)):
                if self.disjoint.get(pair) is None:
                    self.disjoint[pair] = src

        self._conditions: dict[str, frozenset[str]] = {}
        conditions = self.down(CONDITION)
        for st in self.associations:
            if st.predicate == _CORRELATED and not st.negated and st.object.curie in conditions:
                known = self._conditions.get(st.subject.curie, frozenset())
                self._conditions[st.subject.curie] = known | {st.object.curie}
        self._idiopathic: dict[str, tuple[str, str | None, str | None] | None] = {}
        self._narrower: dict[str, frozenset[str]] = {}
        self._site_reach: dict[str, tuple[set[str], set[str], set[str]]] = {}
        self._phase: dict[str, Association | None] = {}
        self._types_stating: dict[str, int] | None = None
        self._types_showing: dict[str, int] | None = None
        # The statements by subject and by predicate, each list in the order of ``associations``: a
        # new finding's ranking read all of them once per type (~70 x ~1,700) - most of its time.
        self._by_subject: dict[str, list[Association]] = {}
        self._by_predicate: dict[str, list[Association]] = {}
        for st in self.associations:
            self._by_subject.setdefault(st.subject.curie, []).append(st)
            self._by_predicate.setdefault(st.predicate, []).append(st)

    def site_reach(self, x: str) -> tuple[set[str], set[str], set[str]]:
        """What rule 3 matches a finding's site ``x`` against, computed once per site (the graph does not
        change; every type of every ranking asks it): the wholes and kinds it is (``x`` included); its parts
        and kinds, and the parts every instance of a kind it is has (the skeletal muscle tissue of the
        biceps); and the kinds its parts are (the thigh has muscles, the quadriceps a tendon: a region the
        finding names may hold the lesion in any of its parts; one step, not the parts of those kinds)."""
        if x not in self._site_reach:
            ups = _ancestors(self.sites, x, reflexive=True)
            downs = _descendants(self.sites, x, reflexive=True) if x in self.sites else {x}
            if x in self.isa:
                kinds = _ancestors(self.isa, x, reflexive=False) - {ANATOMICAL_ENTITY}
                downs = downs | {o for o, k, data in self.sites.in_edges(kinds, data=True)
                                 if data.get("predicate") == "BFO:0000050"}
            parts = _parts(self, x)
            part_kinds = set().union(*(_ancestors(self.isa, d, reflexive=False) for d in parts if d in self.isa))
            self._site_reach[x] = (ups, downs, part_kinds - {ANATOMICAL_ENTITY})
        return self._site_reach[x]

    def types_stating(self, x: str) -> int:
        """How many mineralization types a source ties to ``x`` itself (non-negated RO:0002610 statements):
        rule 3c's generic clinical findings."""
        if self._types_stating is None:
            self._types_stating = self._types_per_object(_CORRELATED, self.down(MINERALIZATION))
        return self._types_stating.get(x, 0)

    def types_showing(self, x: str) -> int:
        """How many of the ranked types (not the two umbrella classes, rule 2) a source states show imaging sign ``x``
        itself (non-negated XSCO:0000218 statements): rule 7's generic signs (a widespread distribution of
        calcification: seven types)."""
        if self._types_showing is None:
            self._types_showing = self._types_per_object(_HAS_SIGN, self.down(MINERALIZATION) - {MINERALIZATION,
                                                                                                 CALCIFICATION})
        return self._types_showing.get(x, 0)

    def _types_per_object(self, predicate: str, types: set[str]) -> dict[str, int]:
        """For each object of non-negated ``predicate`` statements, how many of ``types`` are their subjects."""
        found: dict[str, set[str]] = {}
        for a in self.stating(predicate):
            if not a.negated and a.subject.curie in types:
                found.setdefault(a.object.curie, set()).add(a.subject.curie)
        return {o: len(ts) for o, ts in found.items()}

    def about(self, subject: str) -> list[Association]:
        """The statements whose subject is ``subject`` (a CURIE), in the order of ``associations``."""
        return self._by_subject.get(subject, [])

    def stating(self, predicate: str) -> list[Association]:
        """The statements with ``predicate`` (a CURIE), in the order of ``associations``."""
        return self._by_predicate.get(predicate, [])

    def conditions_of(self, t: str) -> frozenset[str]:
        """The conditions a type is associated with (non-negated RO:0002610 statements)."""
        return self._conditions.get(t, frozenset())

    def idiopathic(self, t: str) -> tuple[str, str | None, str | None] | None:
        """(why, source, statement) when ``t`` is an idiopathic form: a subclass of an idiopathic class
        (statement None), or placed under one by a classification scheme; None otherwise."""
        if t not in self._idiopathic:
            found: tuple[str, str | None, str | None] | None = None
            for root in IDIOPATHIC:
                if root in self.isa and self.subsumed(t, root):
                    found = (f"{self.label(t)} is an idiopathic form (a kind of {self.label(root)})", None, None)
                    break
            if found is None:
                roots = set().union(*(self.down(r) for r in IDIOPATHIC if r in self.isa))
                placed = sorted((a for a in self.associations if a.predicate == _CLASSIFIED_UNDER
                                 and a.subject.curie == t and not a.negated and a.object.curie in roots),
                                key=lambda a: a.iri)
                if placed:
                    a = placed[0]
                    found = (f"a classification scheme places {self.label(t)} under {a.object.label or a.object.curie}",
                             a.source, compress(a.iri))
            self._idiopathic[t] = found
        return self._idiopathic[t]

    def filed_idiopathic_only(self, t: str) -> frozenset[str]:
        """Rule 6b: the idiopathic forms that classification schemes file ``t`` under, when every scheme that files
        ``t`` files it under an idiopathic form or under a class broader than such a form (calcinosis cutis,
        calcinosis: no cause named), so that no scheme gives it another cause (scrotal calcinosis, which StatPearls
        files under idiopathic calcinosis cutis and no scheme elsewhere); empty otherwise (tumoral calcinosis,
        which Medscape files under the dystrophic form too)."""
        idio = self.idiopathic(t)
        if not idio or idio[2] is None:
            return frozenset()
        filed = {a.object.curie for a in self.about(t) if a.predicate == _CLASSIFIED_UNDER and not a.negated}
        idiopathic = {o for o in filed if o in self.isa and any(r in self.isa and self.subsumed(o, r)
                                                                 for r in IDIOPATHIC)}
        broader = set().union(*(self.up(o) for o in idiopathic))
        return frozenset(idiopathic) if filed <= idiopathic | broader else frozenset()

    def narrower_forms(self, t: str) -> frozenset[str]:
        """The subclasses of ``t`` and the types a classification scheme places under ``t`` (or under a
        subclass of it): secondary tumoral calcinosis, which a scheme files under tumoral calcinosis.
        Computed once per type: rule 5 asks it of every named term for every type of a ranking."""
        if t not in self._narrower:
            down = self.down(t)
            placed = {a.subject.curie for a in self.stating(_CLASSIFIED_UNDER)
                      if not a.negated and a.object.curie in down}
            self._narrower[t] = frozenset((down | placed) - {t})
        return self._narrower[t]

    def is_causal(self, x: str) -> bool:
        """True when a condition (or a broader or narrower one) is associated with a type that is not idiopathic."""
        related = self.up(x) | self.down(x)
        return any(c in related for t, cs in self._conditions.items() if not self.idiopathic(t) for c in cs)

    def up(self, x: str) -> set[str]:
        return _ancestors(self.isa, x, reflexive=True)

    def down(self, x: str) -> set[str]:
        return _descendants(self.isa, x, reflexive=True)

    def subsumed(self, x: str, y: str) -> bool:
        return y in self.up(x)

    def disjointness(self, x: str, y: str) -> tuple[bool, str | None]:
        """(True, source) when ``x`` and ``y`` are disjoint by an asserted axiom on them or their ancestors."""
        for a in self.up(x):
            for b in self.up(y):
                if (a, b) in self.disjoint:
                    return True, self.disjoint[(a, b)]
        return False, None

    def label(self, curie: str) -> str:
        data = self.sites.nodes.get(curie) or self.isa.nodes.get(curie) or {}
        if data.get("label"):
            return str(data["label"])
        term = self.kg.index.get(expand(curie) or curie) if curie else None
        return (term.label if term else None) or curie


# --- the finding ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Resolved:
    sites: tuple[str, ...]
    status: str | None
    status_class: str | None
    tissue: str | None
    kind: str  # XSCO:0000001, 0000002 or 0000009
    disorders: tuple[str, ...]
    signs: tuple[str, ...] = ()
    named: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    age: tuple[float, float] | None = None
    sex: str | None = None
    phenotypes: tuple[str, ...] = ()  # HP clinical findings of the patient (rule 3c)
    derived: tuple[str, ...] = ()  # signs read from the finding's other terms (a widespread distribution)

    @property
    def site(self) -> str | None:
        return self.sites[0] if self.sites else None

    @property
    def shown(self) -> tuple[str, ...]:
        """The signs the finding states and its clinical findings, not the signs read from its sites: what a
        disorder's own statement may name (rules 3c, 8, 8b)."""
        return (*(x for x in self.signs if x not in self.derived), *self.phenotypes)


def _site(kg: KnowledgeGraph, text: str) -> str:
    """The CURIE of a site; a CURIE of a known prefix that the loaded ontology lacks is kept as given."""
    try:
        return kg.term(text).curie
    except UnknownTermError:
        if ":" in text and " " not in text and expand(text):
            return text
        raise


def term_kind(ctx: FindingContext, curie: str) -> str | None:
    """What a term is to a finding: "type", "condition", "sign", "tissue", "status", "site", "phenotype"
    (an HP clinical finding that is not also a condition) or None."""
    up = ctx.up(curie)
    for kind, root in KIND_ROOTS:
        if root in up:
            return kind
    if curie.startswith("UBERON:") or ANATOMICAL_ENTITY in _ancestors(ctx.sites, curie, reflexive=True):
        return "site"
    if curie.startswith("HP:") or PHENOTYPE in up:
        return "phenotype"
    return None


def _status_of(kg: KnowledgeGraph, ctx: FindingContext, finding: Finding) -> tuple[str | None, str | None]:
    """The finding's Ca-P status as a word and a status class (a narrower status term: its nearest named parent)."""
    status = finding.ca_p_status()
    status_class = STATUS_CLASSES.get(status or "")
    if status is not None and status_class is None:
        status_class = kg.term(status).curie
        if not ctx.subsumed(status_class, CA_P_STATUS):
            raise FindingError(f"{status!r} is not a calcium-phosphate status; use one of: {', '.join(STATUS_CLASSES)}")
        status = next((w for c, w in _STATUS_WORDS.items() if ctx.subsumed(status_class, c)), None)
    return status, status_class


def _levels_disputed(ctx: FindingContext, status: str | None, conditions: Iterable[str]) -> bool:
    """Rule 1b: normal or low levels while the finding states a raised-level disorder (hypercalcaemia)."""
    return status in ("normal", "low") and any(ctx.subsumed(c, raised) for c in conditions for raised in RAISED_LEVELS)


def _resolve(kg: KnowledgeGraph, ctx: FindingContext, finding: Finding) -> _Resolved:
    """The finding's terms as CURIEs, each used for what it is: a calcification type given as a site,
    sign or disorder ("phleboliths") is a type the finding names, a condition given as a sign is a
    disorder of the patient, and so on. A term that is none of these is a FindingError."""
    status, status_class = _status_of(kg, ctx, finding)
    tissue = None
    if finding.tissue:
        if finding.tissue in TISSUE_CLASSES:
            tissue = TISSUE_CLASSES[finding.tissue]
        else:
            tissue = kg.term(finding.tissue).curie
            if not ctx.subsumed(tissue, "XSCO:0000015"):
                raise FindingError(
                    f"{finding.tissue!r} is not a tissue state; use one of: {', '.join(TISSUE_CLASSES)}"
                )
    routed: dict[str, list[str]] = {"site": [], "condition": [], "sign": [], "type": [], "tissue": [],
                                    "phenotype": []}
    given = [("site", x) for x in finding.all_sites()] + [("condition", x) for x in finding.disorders]
    given += [("sign", x) for x in finding.signs] + [("type", x) for x in finding.named]
    given += [("phenotype", x) for x in finding.phenotypes]
    for meant, text in given:
        curie = _site(kg, text) if meant == "site" else kg.term(text).curie
        kind = term_kind(ctx, curie)
        if kind is None and meant == "site" and curie not in ctx.isa:
            kind = "site"  # a site of a known prefix that the loaded ontology lacks: kept, only noted
        if kind not in routed:
            what = {"site": "a site", "condition": "an associated condition", "sign": "an imaging sign",
                    "type": "a calcification type", "phenotype": "a clinical finding"}[meant]
            raise FindingError(f"{text!r} ({curie}) is not {what}, nor any other term a finding can state "
                               "(a site, condition, imaging sign or calcification type)")
        if kind == "site" and curie == ANATOMICAL_ENTITY:
            continue  # "soft tissue": no narrower site, nothing to count for or against a type's sites
        if curie not in routed[kind]:
            routed[kind].append(curie)
    if routed["tissue"] and tissue is None:
        tissue = routed["tissue"][0]
    derived = _derived_signs(ctx, routed["site"], routed["sign"])
    routed["sign"] += derived
    if _levels_disputed(ctx, status, routed["condition"]):
        status = status_class = None
    absent = []
    for text in finding.absent:
        try:
            absent.append(kg.term(text).curie)
        except KgError:
            continue  # an absent term the loaded ontology lacks says nothing about any candidate
    if finding.ossified is None and any(ctx.subsumed(x, OSSIFICATION) for x in routed["type"]):
        kind = OSSIFICATION
    else:
        kind = OSSIFICATION if finding.ossified else CALCIFICATION if finding.ossified is False else MINERALIZATION
    return _Resolved(tuple(routed["site"]), status, status_class, tissue, kind,
                     tuple(routed["condition"]), tuple(routed["sign"]), tuple(routed["type"]),
                     tuple(x for x in absent if x not in routed["condition"]), finding.age, finding.sex,
                     tuple(routed["phenotype"]), tuple(derived))


def _derived_signs(ctx: FindingContext, sites: Sequence[str], signs: Sequence[str]) -> list[str]:
    """Rule 3: the signs the finding's sites imply and its signs do not state (a widespread distribution)."""
    if WIDESPREAD in ctx.isa and WIDESPREAD not in signs and len(_body_regions(ctx, sites)) >= N_WIDESPREAD:
        return [WIDESPREAD]
    return []


def _body_regions(ctx: FindingContext, sites: Sequence[str]) -> set[str]:
    """The body's regions (:data:`REGIONS_OF_THE_BODY`) the sites lie in, by is_a/part_of."""
    return {r for x in sites if x in ctx.sites
            for r in _ancestors(ctx.sites, x, reflexive=True).intersection(REGIONS_OF_THE_BODY)}


def _strongest_per(statements: Iterable[Association], key: Callable[[Association], str]) -> dict[str, Association]:
    """The strongest statement (by its qualifier's weight, then IRI) for each key: several sources saying
    the same thing are one reason, not several."""
    out: dict[str, Association] = {}
    for a in sorted(statements, key=lambda a: (-statement_weight(a.qualifier), a.iri)):
        out.setdefault(key(a), a)
    return out


# --- scoring ------------------------------------------------------------------------------------


_Match = tuple[float, str, "Association", str]  # (weight, display note, statement, Reason.match)


def _best_statement(ctx: FindingContext, statements: Sequence[Association], x: str,
                    absent: bool = False) -> _Match | None:
    """The strongest statement naming ``x`` or a broader term of it (full weight: what holds of the group
    holds of its member) or a narrower term of it (a quarter, :data:`F_NARROWER_TERM`: a patient's surgery
    is seldom the one kind a statement names). For a term the finding states is ``absent`` the other way
    round: no trauma is no spinal cord injury either (a narrower term, full weight), but no fracture leaves
    other trauma possible (a broader term, half weight)."""
    up, down = ctx.up(x), ctx.down(x)
    f_up, f_down = (F_RELATED_DISORDER, 1.0) if absent else (1.0, F_NARROWER_TERM)
    scored: list[_Match] = []
    for a in statements:
        o = a.object.curie
        if o == x:
            scored.append((statement_weight(a.qualifier), "", a, "direct"))
        elif o in up:
            weight, note = statement_weight(a.qualifier) * f_up, f" ({ctx.label(x)} is a kind of it)"
            n = len(ctx.down(o)) - 1
            if not absent and n > N_BROAD_GROUP:  # rule 3: a very broad group says little of what the patient had
                weight *= F_BROAD_GROUP
                note = f"{note[:-1]}; a group of {n} narrower terms: it tells little, half weight)"
            scored.append((weight, note, a, "broader"))
        elif o in down:
            scored.append((statement_weight(a.qualifier) * f_down, f" (a form of {ctx.label(x)})", a, "narrower"))
    return min(scored, key=lambda s: (-s[0], s[2].iri)) if scored else None


@dataclass
class _Evidence:
    """The reasons for and against one type, gathered rule by rule."""

    pro: list[Reason] = field(default_factory=list)
    con: list[Reason] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    excluded: bool = False
    site_ok: bool = True  # a site statement of the type matches a site of the finding (or none is stated)


def _calcified_phase(ctx: FindingContext, t: str) -> Association | None:
    """The strongest statement tying a calcification type to ``t`` or a broader ossification type (early
    heterotopic ossification lesion -> heterotopic ossification; tumoral calcinosis -> its mimic myositis
    ossificans): a source's word that the ossification can look calcified on imaging. Unhedged first,
    then a statement that is not one of an open list."""
    if t not in ctx._phase:  # computed once per type: every ranking of a calcified finding asks it of every type
        found = [a for a in (*ctx.stating(_CORRELATED), *ctx.stating(_MIMIC)) if not a.negated
                 and ctx.subsumed(a.subject.curie, CALCIFICATION) and ctx.subsumed(t, a.object.curie)
                 and ctx.subsumed(a.object.curie, OSSIFICATION)]
        ctx._phase[t] = (min(found, key=lambda a: (-statement_weight(a.qualifier), a.open_list, a.iri))
                         if found else None)
    return ctx._phase[t]


def _calcified_sign(ctx: FindingContext, t: str, f: _Resolved) -> Association | None:
    """Rule 2b: the strongest statement that ``t`` or a broader ossification type shows a sign the finding
    shows (not one the source calls rare) that sources state of at most :data:`N_SPECIFIC` types (a peripheral
    rim calcification of myositis ossificans: the calcified look of an early lesion), when a site statement of
    ``t`` (or of a broader type, rule 3) matches one of the finding's sites or the finding states none; None
    otherwise."""
    types = ctx.down(MINERALIZATION)
    broader = ctx.up(t) - {MINERALIZATION, CALCIFICATION}
    shown = {x for x in f.signs if x not in f.derived}
    signs = [a for a in ctx.stating(_HAS_SIGN) if not a.negated]
    own_sites = [a for a in ctx.about(t) if a.predicate == _HAS_LOCATION and not a.negated]
    if f.sites and not (_site_matches(ctx, f, own_sites) or _inherited_site_matches(ctx, f, t)):
        return None  # a sign of the type at a site its sources do not place it (nor its broader types)
    found = [a for a in signs if a.subject.curie in broader and a.object.curie in shown and not is_rarity(a.qualifier)
             and len({b.subject.curie for b in signs if b.object.curie == a.object.curie
                      and b.subject.curie in types}) <= N_SPECIFIC]
    return min(found, key=lambda a: (-statement_weight(a.qualifier), a.iri)) if found else None


def _kind_reasons(ctx: FindingContext, t: str, f: _Resolved, ev: _Evidence) -> None:
    """Rule 2: the finding's kind (calcified / ossified)."""
    if f.kind == MINERALIZATION:
        return
    disjoint, src = ctx.disjointness(t, f.kind)
    phase = _calcified_phase(ctx, t) if disjoint and f.kind == CALCIFICATION else None
    sign = _calcified_sign(ctx, t, f) if phase is not None else None
    if sign is not None:
        ev.notes.append(f"the finding is described as calcified and shows {sign.object.label or sign.object.curie}, "
                        f"which a source states of {sign.subject.label or sign.subject.curie}: the calcified look "
                        "the sources describe (not counted against)")
    elif phase is not None:
        calcified, ossified = phase.subject.label or phase.subject.curie, phase.object.label or phase.object.curie
        own = next((a for a in ctx.about(t) if a.predicate == _HAS_LOCATION and not a.negated
                    and a.object.curie in f.sites and (is_superlative(a.qualifier) or not is_hedged(a.qualifier))),
                   None)
        at = (f"; at {own.object.label or own.object.curie}, where a source places it, half"
              if own is not None else "")
        ev.con.append(Reason(
            f"the finding is described as calcified, {ctx.label(t)} is an ossification; a source ties "
            f"{calcified} (a calcification) to {ossified}{at}",
            W_CALCIFIED_OSSIFICATION * (F_CALCIFIED_AT_OWN_SITE if own is not None else 1.0), "association",
            phase.source, phase.qualifier, compress(phase.iri), quote=phase.text, role="calcified-form",
        ))
    elif disjoint:
        ev.excluded = True
        ev.con.append(Reason(
            f"the finding is a {ctx.label(f.kind)}, disjoint from {ctx.label(t)} (axiom)",
            0.0, "axiom", src, None, f"{ctx.label(CALCIFICATION)} disjointWith {ctx.label(OSSIFICATION)}",
            excludes=True, role="form", about=f.kind,
        ))
    elif t == f.kind:
        ev.notes.append(f"the finding is a {ctx.label(t)}: its imaging kind, which every form of it shares "
                        "(not counted)")


def _axiom_reasons(ctx: FindingContext, t: str, f: _Resolved, ev: _Evidence) -> None:
    """Rule 1: the conditions of a defined class, and of the defined classes ``t`` is a subclass of
    (what the definition requires holds of every subclass: dystrophic calcinosis cutis is a dystrophic
    calcification, so it has normal Ca-P)."""
    for d in sorted(x for x in ctx.up(t) if x in ctx.defined):
        _definition_reasons(ctx, t, d, f, ev)


def _definition_reasons(ctx: FindingContext, t: str, d: str, f: _Resolved, ev: _Evidence) -> None:
    """Rule 1 for one defined class ``d`` (``t`` itself or a broader class of it)."""
    values = {HAS_STATUS: f.status_class, HAS_TISSUE: f.tissue, LOCATED_IN: f.site}
    inherited = f"{ctx.label(t)} is a kind of {ctx.label(d)}, which" if d != t else ctx.label(t)
    # the definition's conditions share W_AXIOM; a broader class's definition counts half for a subclass
    share = round(W_AXIOM / len(ctx.defined[d]) * (1.0 if d == t else F_INHERITED_AXIOM), 4)
    for prop, allowed in sorted(ctx.defined[d].items()):
        want = " or ".join(sorted(ctx.label(a) for a in allowed))
        value = values.get(prop)
        if prop == LOCATED_IN:  # several sites: the first that satisfies the condition, else the first
            value = next((x for x in f.sites if any(ctx.subsumed(x, a) for a in allowed)), f.site)
        src = ctx.defined_source.get(d)
        what = f"{inherited} requires {ctx.label(prop)} {want}"
        if value is None:
            if d == t or prop in values:
                ev.notes.append(f"not stated: {what}")
            continue
        if any(ctx.subsumed(value, a) for a in allowed):
            ev.pro.append(Reason(f"{what}; the finding has {ctx.label(value)}", share, "axiom", src, None,
                                 f"{d} equivalentClass", quote=ctx.definition_text.get(d), role="definition",
                                 match="direct" if d == t else "inherited", about=value))
            continue
        known_not = prop == HAS_STATUS and f.status == "low" and all(ctx.subsumed(a, _ELEVATED) for a in allowed)
        if known_not or all(ctx.disjointness(value, a)[0] for a in allowed):
            ev.excluded = True
            ev.con.append(Reason(f"{what}; the finding has {'low levels' if known_not else ctx.label(value)}",
                                 0.0, "axiom", src, None, f"{d} equivalentClass", excludes=True,
                                 quote=ctx.definition_text.get(d), role="definition",
                                 match="direct" if d == t else "inherited", about=value))
        else:
            ev.notes.append(f"undecided: {what}; the finding has {ctx.label(value)}")


def _inherited_sites(ctx: FindingContext, t: str, schemes: bool = True) -> list[Association]:
    """The site statements of the nearest broader types of ``t`` that have any (post-traumatic myositis
    ossificans: those of myositis ossificans), the umbrella classes aside; a class a scheme files
    ``t`` under counts as broader (secondary tumoral calcinosis: the sites of tumoral calcinosis) unless
    ``schemes`` is False (superclasses only)."""
    placed = {a.object.curie for a in ctx.about(t) if schemes and a.predicate == _CLASSIFIED_UNDER and not a.negated}
    broader = (ctx.up(t) | set().union(*(ctx.up(p) for p in placed))) - {t, MINERALIZATION, CALCIFICATION}
    found = [a for a in ctx.stating(_HAS_LOCATION) if not a.negated and a.subject.curie in broader]
    nearest = {a.subject.curie for a in found}
    nearest -= {x for x in nearest for y in nearest if x != y and ctx.subsumed(y, x)}
    return [a for a in found if a.subject.curie in nearest]


def _inherited_site_matches(ctx: FindingContext, f: _Resolved, t: str) -> list[_Match]:
    """The matches (:func:`_site_matches`) of the site statements of the nearest broader types of ``t`` that
    have any; where those match none of the finding's sites, of their own nearest superclasses', and so on up:
    a broader type's sites are where a source says it occurs most, not the only places a form of a type still
    broader occurs (acquired heterotopic ossification at the hips and shoulders; its burn-induced form in a
    muscle elsewhere is still a heterotopic ossification, which occurs in skeletal muscle tissue). Beyond the
    first step only superclasses count, not the classes a scheme files a broader type under: a scheme's
    placement is one source's filing of that type, not of its forms (tumoral calcinosis filed under metastatic
    calcification does not put its secondary form in the lung)."""
    seen, level, first = {t}, [t], True
    while level:
        found = {a.iri: a for x in level for a in _inherited_sites(ctx, x, schemes=first)}
        statements = sorted(found.values(), key=lambda a: a.iri)
        first = False
        matches = _site_matches(ctx, f, statements)
        if matches:
            return matches
        level = sorted({a.subject.curie for a in statements} - seen)
        seen.update(level)
    return []


def _site_matches(ctx: FindingContext, f: _Resolved, statements: Sequence[Association]) -> list[_Match]:
    """(weight, how, statement) for each site statement that names a site of the finding (full weight),
    a whole it is part of or a kind of, or a part or kind of it (half weight)."""
    ups: dict[str, set[str]] = {}
    downs: dict[str, set[str]] = {}
    part_kinds: dict[str, set[str]] = {}
    for x in f.sites:
        ups[x], downs[x], part_kinds[x] = ctx.site_reach(x)
    matches: list[_Match] = []
    for a in statements:
        # a superlative ("most common site") names the type's first site: full weight (rule 3)
        o, w = a.object.curie, W_UNHEDGED if is_superlative(a.qualifier) else statement_weight(a.qualifier)
        for x in f.sites:
            if o == x:
                matches.append((w, "", a, "direct"))
            elif o in ups[x]:
                matches.append((w * F_RELATED_SITE, f" ({ctx.label(x)} is part of / a kind of it)", a, "broader"))
            elif o in downs[x]:
                matches.append((w * F_RELATED_SITE, f" (a part or kind of {ctx.label(x)}, which the finding names)", a,
                                "narrower"))
            elif o in part_kinds[x]:  # two steps (a part, then its kind): half of a related site's half
                matches.append((w * F_RELATED_SITE ** 2, f" ({ctx.label(x)}, which the finding names, has a part of "
                                "this kind)", a, "narrower"))
    return matches


def _parts(ctx: FindingContext, x: str) -> set[str]:
    """The parts of site ``x`` (part_of it or of a part of it, and the kinds of those parts), not its kinds:
    a heart's coronary artery is no part of "organ"."""
    if x not in ctx.sites:
        return set()
    found: set[str] = set()
    todo = [x]
    while todo:
        y = todo.pop()
        for child, _, data in ctx.sites.in_edges(y, data=True):
            if child not in found and (data.get("predicate") == "BFO:0000050" or y != x):
                found.add(child)
                todo.append(child)
    return found


def _best_site(matches: Sequence[_Match]) -> _Match:
    return min(matches, key=lambda m: (-m[0], m[2].iri))


def _inherited_site_reason(ctx: FindingContext, t: str, f: _Resolved, ev: _Evidence,
                           matches: Sequence[_Match] | None = None) -> bool:
    """Rule 3, sites of a type without site statements: the best match among its nearest broader
    types' site statements, or, where those match none, the next broader types' (``matches`` when the caller
    has them already), at half weight; no match says nothing against it."""
    if matches is None:
        matches = _inherited_site_matches(ctx, f, t)
    if not matches:
        return False
    w, via, best, _ = _best_site(matches)
    ev.pro.append(Reason(f"occurs at {best.object.label or best.object.curie}{via} (as its broader type "
                         f"{best.subject.label or best.subject.curie} does)", w * F_RELATED_SITE, "association",
                         best.source, best.qualifier, compress(best.iri), quote=best.text, role="site",
                         match="inherited", about=best.object.curie))
    _further_site_reason(ctx, f, [m[2] for m in matches], best, ev, F_RELATED_SITE)
    return True


def _site_reasons(ctx: FindingContext, t: str, f: _Resolved, mine: Sequence[Association], ev: _Evidence) -> None:
    """Rule 3, sites: the best statement naming one of the finding's sites (full weight), a whole it is
    part of or a kind of (digit -> hand -> upper limb), or a part or kind of it (the finding names the
    broader site: hypodermis for subcutaneous fat) at half weight, counted once; a type whose named
    sites match none in either direction: -0.25. A type with no site statement of its own, or whose own
    match none of the finding's sites, takes those of its nearest broader types that have some, at half
    weight and never against it."""
    site_statements = [a for a in mine if a.predicate == _HAS_LOCATION and not a.negated]
    ev.site_ok = not f.sites
    if f.sites and not site_statements:
        _inherited_site_reason(ctx, t, f, ev)
        return
    if not (f.sites and site_statements):
        return
    matches = _site_matches(ctx, f, site_statements)
    ev.site_ok = bool(matches)
    if matches:
        w, via, best, how = _best_site(matches)
        if w < W_UNHEDGED * F_RELATED_SITE:  # a broader type's stronger match counts instead
            inherited = _inherited_site_matches(ctx, f, t)
            if inherited and _best_site(inherited)[0] * F_RELATED_SITE > w:
                _inherited_site_reason(ctx, t, f, ev, inherited)
                return
        ev.pro.append(Reason(f"occurs at {best.object.label or best.object.curie}{via}", w, "association",
                             best.source, best.qualifier, compress(best.iri), quote=best.text, role="site",
                             match=how, about=best.object.curie))
        _further_site_reason(ctx, f, site_statements, best, ev)
    elif all(x not in ctx.sites for x in f.sites):
        ev.notes.append(f"site {', '.join(f.sites)} is not described in the loaded ontology: no roll-up, not counted")
    elif not _inherited_site_reason(ctx, t, f, ev) and _comparable_sites(ctx, f.sites, site_statements):
        named = ", ".join(sorted({a.object.label or a.object.curie for a in site_statements}))
        where = ", ".join(ctx.label(x) for x in f.sites)
        first = site_statements[0]
        ev.con.append(Reason(f"{where} {'is' if len(f.sites) == 1 else 'are'} not among the sites the source "
                             f"names ({named}); other sites are not excluded", W_SITE_MISMATCH, "association",
                             first.source, first.qualifier, compress(first.iri), role="site"))


def _further_site_reason(ctx: FindingContext, f: _Resolved, statements: Sequence[Association], best: Association,
                         ev: _Evidence, factor: float = 1.0) -> None:
    """Rule 3, a further site: the strongest of ``statements`` (the type's own, or at ``factor`` its broader
    types') naming another of the finding's sites itself (not a related site), when neither that site nor the
    statement's lies in an is_a/part_of line with the site the best statement counted for, at
    :data:`F_FURTHER_SITE` of its weight; one at most."""
    counted = {best.object.curie} | {x for x in f.sites if best.object.curie in set().union(*ctx.site_reach(x)[:2])}
    line = set().union(*(set().union(*ctx.site_reach(x)[:2]) for x in counted))
    found = [a for a in statements if a.iri != best.iri and a.object.curie in f.sites and a.object.curie not in line]
    if not found:
        return
    a = min(found, key=lambda a: (-statement_weight(a.qualifier), a.iri))
    w = (W_UNHEDGED if is_superlative(a.qualifier) else statement_weight(a.qualifier)) * F_FURTHER_SITE * factor
    broader = "" if factor == 1.0 else f", as its broader type {a.subject.label or a.subject.curie} does"
    ev.pro.append(Reason(f"occurs at {a.object.label or a.object.curie} too (a further site of the finding{broader})",
                         w, "association", a.source, a.qualifier, compress(a.iri), quote=a.text, role="site",
                         match="direct" if factor == 1.0 else "inherited", about=a.object.curie))


def _in_any(ctx: FindingContext, x: str, roots: Sequence[str]) -> bool:
    return x in ctx.sites and not _ancestors(ctx.sites, x, reflexive=True).isdisjoint(roots)


def is_region_part(ctx: FindingContext, x: str) -> bool:
    """A body region or a part of one that is no organ or tissue itself (the face, the thigh, the knee): not
    the kidney or the masseter, which lie in a region but are a kind of organ (rule 3's site mismatch)."""
    kinds = _ancestors(ctx.isa, x, reflexive=True) if x in ctx.isa else {x}
    return _in_any(ctx, x, BODY_REGIONS) and not kinds & {ORGAN, *SYSTEMIC_KINDS}


def _comparable_sites(ctx: FindingContext, sites: Sequence[str], statements: Sequence[Association]) -> bool:
    """Rule 3: whether sites that match none of a type's site statements say it is elsewhere: only when no
    site of the finding could hold a stated site. A body region and a kind of structure found throughout the
    body do not exclude each other (a leg lesion may lie in the hypodermis the source names; a lesion
    "in the hypodermis" may be at the knee it names); a region and another region (face, not hip), or a
    kind and an organ (kidney, not hypodermis), do."""
    def could_hold(x: str, y: str) -> bool:
        return ((is_region_part(ctx, x) and _in_any(ctx, y, SYSTEMIC_KINDS))
                or (_in_any(ctx, x, SYSTEMIC_KINDS) and is_region_part(ctx, y)))
    return not any(could_hold(x, a.object.curie) for x in sites for a in statements)


def _is_disease(ctx: FindingContext, condition: str) -> bool:
    """Rule 4: a condition that is a disease of the patient, neither an external cause (trauma, a drug) nor a
    feature of a disease (acro-osteolysis, an autoantibody)."""
    return not ctx.subsumed(condition, EXTERNAL_CAUSE) and not ctx.subsumed(condition, FEATURE)


def _statement_reasons(ctx: FindingContext, t: str, f: _Resolved, mine: Sequence[Association],
                       ev: _Evidence) -> None:
    """Rules 3 and 4: one best condition statement per disorder of the patient (and the calcification
    of the patient's own disease), one best imaging-sign statement per sign; what the finding states
    is absent ("no history of trauma") counts against at half weight."""
    # rule 4: the diseases the type is associated with (an external cause is not a disease of the patient)
    conditions = {c for c in ctx.conditions_of(t) if _is_disease(ctx, c)}
    for predicate, stated_terms, verb in ((_CORRELATED, f.disorders + f.phenotypes, "associated with"),
                                          (_HAS_SIGN, f.signs, "shows")):
        statements = [a for a in mine if a.predicate == predicate and not a.negated]
        role = "condition" if predicate == _CORRELATED else "sign"
        for x, (w, via, a, how) in _best_per_term(ctx, t, statements, stated_terms, predicate):
            if x in f.derived:  # rule 3: read from the sites, which count already
                w *= F_DERIVED_SIGN
                via += " (read from the finding's sites in several of the body's regions)"
            if (predicate == _CORRELATED and x in f.phenotypes and x not in f.disorders
                    and ctx.types_stating(a.object.curie) > N_SPECIFIC):  # rule 3c: a generic clinical finding
                w *= F_GENERIC_FINDING
                via += (f" (a clinical finding sources tie to {ctx.types_stating(a.object.curie)} types: "
                        "it tells them little apart)")
            open_note = " (one of an open list)" if a.open_list else ""
            ev.pro.append(Reason(f"{verb} {a.object.label or a.object.curie}{via}{open_note}", w,
                                 "association", a.source, a.qualifier, compress(a.iri), quote=a.text,
                                 role="phenotype" if (x in f.phenotypes and x not in f.disorders)
                                 or (how == "inherited" and predicate == _CORRELATED) else role,
                                 match=how, open_list=a.open_list, about=x))
            if (predicate == _CORRELATED and how == "direct" and 0 < len(conditions) <= N_SPECIFIC
                    and x in f.disorders and _is_disease(ctx, x)):
                # Rule 4: a type associated directly with the disease and with few conditions in all.
                ws = round(W_SPECIFIC * (w / W_UNHEDGED) / len(conditions), 4)
                ev.pro.append(Reason(f"the calcification of {ctx.label(x)}: {ctx.label(t)} is associated with "
                                     f"{len(conditions)} disease{'s' if len(conditions) > 1 else ''} in all", ws,
                                     "specificity", a.source, a.qualifier, compress(a.iri), quote=a.text,
                                     role="specificity", match="direct", about=x))
        if predicate == _CORRELATED and f.status_class:
            _status_reason(ctx, f.status_class, statements, ev, low=f.status == "low")
        for x in f.absent:
            found = _best_statement(ctx, statements, x, absent=True)
            if found:
                w, via, a, how = found
                ev.con.append(Reason(f"{verb} {a.object.label or a.object.curie}{via}, which the finding states "
                                     "is absent", -w * F_ABSENT, "association", a.source, a.qualifier,
                                     compress(a.iri), quote=a.text, role="absent", match=how, about=x))


def _best_per_term(ctx: FindingContext, t: str, statements: Sequence[Association], stated: Sequence[str],
                   predicate: str) -> list[tuple[str, _Match]]:
    """(term, best statement) for each of the finding's terms that a statement names; one statement
    counts once, for the term it fits best (dialysis and peritoneal dialysis both stated: "associated
    with dialysis" is one reason, not two)."""
    found = []
    for i, x in enumerate(stated):
        best = _best_statement(ctx, statements, x)
        if not best and predicate == _HAS_SIGN:  # rule 3: a sign of a broader type, at half weight
            best = _inherited_sign(ctx, t, x)
        elif not best and predicate == _CORRELATED:  # rule 3c: a clinical finding of a broader type, at half weight
            best = _inherited_finding(ctx, t, x)
        if best:
            found.append((i, x, best))
    used: set[str] = set()
    out = []
    for i, x, best in sorted(found, key=lambda e: (-e[2][0], e[2][3] != "direct", e[0])):
        if best[2].iri not in used:
            used.add(best[2].iri)
            out.append((i, x, best))
    return [(x, best) for _, x, best in sorted(out, key=lambda e: e[0])]


def _status_reason(ctx: FindingContext, status: str, statements: Sequence[Association], ev: _Evidence,
                   low: bool = False) -> None:
    """Rule 3, Ca-P status: the strongest statement tying the type to the finding's Ca-P status or a
    broader one (non-uraemic calciphylaxis with normal calcium-phosphate metabolism), at its weight; not
    when a definition already counts the status for the type (rule 1: one finding counts once), nor, for
    low levels (``low``: a level low, none raised), a statement of the whole calcium-phosphate abnormality
    (:data:`ABNORMAL_STATUS`): a low level is no raised calcium-phosphate product (noted)."""
    found = [a for a in statements
             if ctx.subsumed(status, a.object.curie) and ctx.subsumed(a.object.curie, CA_P_STATUS)]
    if found:
        a = min(found, key=lambda a: (-statement_weight(a.qualifier), a.iri))
        if low and a.object.curie == ABNORMAL_STATUS:
            ev.notes.append(f"occurs with {a.object.label or a.object.curie}; the finding's levels are low, none "
                            "raised: no raised calcium-phosphate product (not counted)")
            return
        if any(r.role == "definition" and r.about == status for r in ev.pro):
            ev.notes.append(f"{a.object.label or a.object.curie}: the finding's {ctx.label(status)} counts once, "
                            "by the definition")
            return
        ev.pro.append(Reason(f"occurs with {a.object.label or a.object.curie}; the finding has {ctx.label(status)}",
                             statement_weight(a.qualifier), "association", a.source, a.qualifier, compress(a.iri),
                             quote=a.text, role="status", match="direct" if a.object.curie == status else "broader",
                             about=status))


def _disorder_evidence(ctx: FindingContext, d: str, f: _Resolved) -> list[tuple[str, Association]]:
    """(finding term, statement) for each imaging sign and clinical finding (HP phenotype) the finding
    shows that disorder ``d``'s own statement names (or a broader term of it): the strongest per term,
    the one naming the term itself before one naming a broader term."""
    out = []
    for x in f.shown:
        statements = [a for a in ctx.about(d) if not a.negated and ctx.subsumed(x, a.object.curie)]
        if statements:
            out.append((x, min(statements, key=lambda a: (-statement_weight(a.qualifier), a.object.curie != x,
                                                           a.iri))))
    return out


def _suggested_reasons(ctx: FindingContext, t: str, f: _Resolved, mine: Sequence[Association],
                       ev: _Evidence) -> None:
    """Rule 3c: for a type associated with at most N_SPECIFIC diseases (a disease's own calcification,
    rule 4), a disease it is associated with whose own statement names a sign or clinical finding the
    patient shows (fibrodysplasia ossificans progressiva: hallux valgus) counts for the type at half the
    product of the two statements' weights, the best per finding term; not for a term the type's own
    statements already count for, nor for a disorder the finding names (rule 3 counts that), nor for a
    finding that a source ties to a disorder the finding names (the patient's lupus explains the malar
    rash: it suggests no dermatomyositis)."""
    diseases = {c for c in ctx.conditions_of(t) if _is_disease(ctx, c)}  # as rule 4 counts them
    if not 0 < len(diseases) <= N_SPECIFIC:
        return  # only a disease's own calcification (rule 4): a generic type is associated with many
    counted = {r.about for r in ev.pro}
    explained = {x for k in f.disorders for x, _ in _disorder_evidence(ctx, k, f)}  # by a disease the patient has
    best: dict[str, tuple[float, Association, Association]] = {}
    for a in sorted(mine, key=lambda a: a.iri):
        d = a.object.curie
        if a.predicate != _CORRELATED or a.negated or d in f.disorders or not ctx.subsumed(d, CONDITION):
            continue
        for x, b in _disorder_evidence(ctx, d, f):
            if x in explained:
                continue
            w = round(statement_weight(a.qualifier) * statement_weight(b.qualifier) * F_RELATED_DISORDER, 4)
            if x not in counted and w > best.get(x, (0.0,))[0]:
                best[x] = (w, a, b)
    for x, (w, a, b) in sorted(best.items()):
        ev.pro.append(Reason(f"associated with {a.object.label or a.object.curie}, which a source ties to "
                             f"{b.object.label or b.object.curie}, which the finding shows", w, "association",
                             b.source, b.qualifier, compress(b.iri), quote=b.text, role="suggested",
                             match="related", about=x))


def _inherited_sign(ctx: FindingContext, t: str, x: str, predicate: str = _HAS_SIGN) -> _Match | None:
    """The best statement that a broader type of ``t`` shows sign ``x`` (or a related sign), at half weight
    (``predicate``: the statements read, a sign's by default)."""
    broader = ctx.up(t) - {t, MINERALIZATION, CALCIFICATION}
    statements = [a for a in ctx.stating(predicate) if not a.negated and a.subject.curie in broader]
    found = _best_statement(ctx, statements, x)
    if not found:
        return None
    w, via, a, _ = found
    broader_type = a.subject.label or a.subject.curie
    return w * F_RELATED_DISORDER, f"{via} (as its broader type {broader_type} does)", a, "inherited"


def _inherited_finding(ctx: FindingContext, t: str, x: str) -> _Match | None:
    """Rule 3c: the best statement of a superclass of ``t`` naming the patient's clinical finding ``x`` (or a
    related one), at half weight, as a broader type's sign counts: a manifestation of the broader type (the
    cutaneous necrosis of calciphylaxis) is one of its narrower forms too (non-uraemic calciphylaxis). Only an
    HP clinical finding that is no XSCO condition (not a fracture, which is trauma: a cause), named by a
    statement whose object is none either and that sources state of at most :data:`N_SPECIFIC` types (pain,
    stated of many, tells them apart no better inherited), and not one that ``t``'s own negated statement names:
    the narrower form's own statements win."""
    if not ctx.subsumed(x, PHENOTYPE) or ctx.subsumed(x, CONDITION):
        return None
    if any(a.negated and a.predicate == _CORRELATED
           and (ctx.subsumed(x, a.object.curie) or ctx.subsumed(a.object.curie, x)) for a in ctx.about(t)):
        return None
    found = _inherited_sign(ctx, t, x, _CORRELATED)
    if found is None:
        return None
    o = found[2].object.curie
    return None if ctx.subsumed(o, CONDITION) or ctx.types_stating(o) > N_SPECIFIC else found


def _named_reasons(ctx: FindingContext, t: str, f: _Resolved, ev: _Evidence) -> None:
    """Rule 5: the calcification types the finding names, their forms, and the types a source
    associates a named type with (chondrocalcinosis named: calcium pyrophosphate deposition disease)."""
    for x in f.named:
        if t == x:
            ev.pro.append(Reason(f"the finding names it ({ctx.label(x)})", W_NAMED, "named", role="named",
                                 match="direct", about=x))
        elif t in ctx.narrower_forms(x):  # a subclass, or a type a classification scheme files under it
            ev.pro.append(Reason(f"a form of {ctx.label(x)}, which the finding names", W_NAMED * F_RELATED_DISORDER,
                                 "finding", role="named-form", match="narrower", about=x))
        else:
            links = [a for a in ctx.about(x) if a.predicate == _CORRELATED and not a.negated
                     and a.object.curie == t]
            # a look-alike of the named type (read both ways): in its differential, never the entity it hands on to
            mimics = [a for a in (*ctx.about(x), *ctx.about(t)) if a.predicate == _MIMIC and not a.negated
                      and {a.subject.curie, a.object.curie} == {x, t}]
            for found, says, role in ((links, "which the source associates with it", "named-link"),
                                      (mimics, "which a source says it can look like on imaging", "named-mimic")):
                if found:
                    a = min(found, key=lambda a: (-statement_weight(a.qualifier), a.iri))
                    ev.pro.append(Reason(f"the finding names {ctx.label(x)}, {says}", statement_weight(a.qualifier),
                                         "association", a.source, a.qualifier, compress(a.iri), quote=a.text,
                                         role=role, about=x))
                    break
    if t in f.absent:
        ev.con.append(Reason(f"the finding states there is no {ctx.label(t)}", -W_NAMED, "finding", role="absent",
                             match="direct", about=t))


def _at_its_idiopathic_form_s_site(ctx: FindingContext, t: str, ev: _Evidence) -> bool:
    """Rule 6b: a type that schemes file only as idiopathic (:meth:`FindingContext.filed_idiopathic_only`) whose
    own site statement names a site of the finding itself, at which a source also places the idiopathic form it is
    filed under (scrotal calcinosis at the scrotum, where idiopathic calcinosis cutis is stated too): there the form
    is that idiopathic form's own, named at the same site."""
    forms = ctx.filed_idiopathic_only(t)
    if not forms:
        return False
    own = {r.about for r in ev.pro if r.role == "site" and r.match == "direct"}
    return any(a.predicate == _HAS_LOCATION and not a.negated and a.object.curie in own
               for form in forms for a in ctx.about(form))


def _idiopathic_reasons(ctx: FindingContext, t: str, f: _Resolved, ev: _Evidence) -> None:
    """Rule 6: an idiopathic form (no known cause) when the patient has a disorder that causes a
    calcification of its own: penalised, unless the type is associated with that disorder."""
    idio = ctx.idiopathic(t)
    if idio and (idio[2] is None or _at_its_idiopathic_form_s_site(ctx, t, ev)) and not f.disorders and f.status in (
            None, "normal") and any(r.role == "site" and r.weight >= W_UNHEDGED * F_RELATED_SITE
                                    and r.match != "inherited" for r in ev.pro):
        # rule 6b: no cause known, at a site the form is stated for: the form that has none
        how = idio[0] if idio[2] is None else f"{idio[0]}, and no scheme gives it another cause"
        ev.pro.append(Reason(f"{how}, and the finding names no disorder or abnormal calcium-phosphate level "
                             "(no known cause)", -W_IDIOPATHIC * F_ABSENT, "finding", idio[1], None, idio[2],
                             role="no-cause"))
        return
    if not (idio and f.disorders) or any(r.role == "condition" for r in ev.pro):
        return
    causal = [x for x in f.disorders if ctx.is_causal(x)]
    related = set().union(*(ctx.up(x) | ctx.down(x) for x in f.disorders))
    if idio[2] is not None and any(ctx.conditions_of(d) & related for d in ctx.narrower_forms(t)):
        return  # filed under an idiopathic class by a scheme only, and a narrower form of it has a known cause
    if causal:
        how, source, statement = idio
        w = W_IDIOPATHIC if statement is None else W_IDIOPATHIC * F_RELATED_DISORDER
        ev.con.append(Reason(f"{how}, but the finding names a known cause ({', '.join(ctx.label(x) for x in causal)})",
                             w, "axiom" if statement is None else "association", source, None, statement,
                             role="idiopathic"))


def _negated_reasons(ctx: FindingContext, f: _Resolved, mine: Sequence[Association], ev: _Evidence) -> None:
    """Rule 3: negated statements, the best one per negated object (several sources saying the same
    thing are one reason, not several)."""
    stated = [x for x in (f.status_class, f.tissue, *f.disorders) if x]
    for a in _strongest_per((a for a in mine if a.negated), lambda a: a.object.curie).values():
        o = a.object.curie
        w = statement_weight(a.qualifier)
        text = f"the source says it is not associated with {a.object.label or o}; the finding has "
        for value in stated:
            if ctx.subsumed(value, o):
                ev.con.append(Reason(text + ctx.label(value), -w, "association", a.source, a.qualifier,
                                     compress(a.iri), quote=a.text, role="negated", about=value))
                break
            if ctx.disjointness(value, o)[0]:
                if value == f.status_class and any(r.role == "status" and r.weight >= w for r in ev.pro):
                    break  # the type's status statement says the same at no less weight: one fact, one reason
                ev.pro.append(Reason(text + ctx.label(value), w, "association", a.source, a.qualifier,
                                     compress(a.iri), quote=a.text, role="negated", about=value))
                break
        else:  # the finding states the negated condition (or a broader one) is absent: they agree; a site
            # the source says the type spares agrees only with the finding's absence of that site or a part or
            # kind of it ("no muscle involved" is no evidence for a type that spares the diaphragm)
            absent = next((x for x in f.absent if (ctx.subsumed(x, o) if a.predicate == _HAS_LOCATION
                                                   else ctx.subsumed(o, x))), None)
            if absent is not None:
                ev.pro.append(Reason(f"the source says it is not associated with {a.object.label or o}; the finding "
                                     f"states there is no {ctx.label(absent)}", w * F_ABSENT, "association",
                                     a.source, a.qualifier, compress(a.iri), quote=a.text, role="negated",
                                     about=absent))


#: rule 9: an age a source gives in months, weeks or days (an infant's), in years
_YEARS_PER_UNIT = {"month": 1 / 12, "months": 1 / 12, "week": 7 / 365.25, "weeks": 7 / 365.25,
                   "day": 1 / 365.25, "days": 1 / 365.25}


def _stated_ages(q: Quantity | None) -> tuple[float, float] | None:
    """The ages in years a source's age statement spans: "5th decade of life" 40-49, "40-60 years"
    40-60, "> 60 years" 60-150, "up to 10 years" 0-10, "0-6 months" 0-0.5 (an infant's age in months,
    weeks or days, in years: the patient's age is in years); None for a unit or form it cannot read."""
    if q is None:
        return None
    unit = (q.unit or "").lower()
    low = float(q.value)
    high = float(q.value_max) if q.value_max is not None else low
    if unit.startswith("decade"):
        low, high = 10 * (low - 1), 10 * high - 1
    elif unit in _YEARS_PER_UNIT:
        low, high = low * _YEARS_PER_UNIT[unit], high * _YEARS_PER_UNIT[unit]
    elif unit not in ("year", "years"):
        return None
    if q.comparator in (">", ">=", "≥", "over", "older than"):
        high = 150.0
    elif q.comparator in ("<", "<=", "≤", "up to", "under", "younger than"):
        low, high = 0.0, low
    return low, high


def _other_life_stage(ages: Sequence[tuple[Association, tuple[float, float]]], age: tuple[float, float]) -> bool:
    """Rule 9: every age statement the type's sources give (read, with its span in years) is a peak age, and all
    of them lie on the other side of :data:`ADULT_AGE` from the patient (a peak in the first decade of life for a
    patient of 64; a peak over 55 years for a child of 8). An age at onset never counts so: a lesion that began in
    infancy is still there, and may first be imaged, in an adult."""
    if not ages or any(a.object.curie != PEAK_AGE for a, _ in ages):
        return False
    return ((age[0] >= ADULT_AGE and all(high < ADULT_AGE for _, (_, high) in ages))
            or (age[1] < ADULT_AGE and all(low >= ADULT_AGE for _, (low, _) in ages)))


def _demographic_reasons(ctx: FindingContext, t: str, f: _Resolved, mine: Sequence[Association],
                         ev: _Evidence) -> None:
    """Rule 9: a source's age or sex predilection of the type that the patient's age or sex matches."""
    measures = [a for a in mine if a.predicate == _HAS_MEASURE and not a.negated and a.quantity is not None]
    if f.age:
        ages = [(a, _stated_ages(a.quantity)) for a in measures if a.object.curie in AGE_MEASURES]
        fits = [a for a, span in ages if span and span[0] <= f.age[1] and f.age[0] <= span[1]]
        if fits:
            a = min(fits, key=lambda a: (-statement_weight(a.qualifier), a.iri))
            ev.pro.append(Reason(f"{a.object.label or a.object.curie} {a.quantity}; the patient is "
                                 f"{_age_text(f.age)} years old", W_DEMOGRAPHIC * statement_weight(a.qualifier),
                                 "association", a.source, a.qualifier, compress(a.iri), quote=a.text,
                                 role="demographic", match="direct", about="age"))
        elif _other_life_stage([(a, span) for a, span in ages if span], f.age):
            a = min((a for a, span in ages if span), key=lambda a: (-statement_weight(a.qualifier), a.iri))
            ev.con.append(Reason(f"{a.object.label or a.object.curie} {a.quantity}; the patient is "
                                 f"{_age_text(f.age)} years old, on the other side of adulthood "
                                 f"({ADULT_AGE:g} years)", W_OTHER_LIFE_STAGE * statement_weight(a.qualifier),
                                 "association", a.source, a.qualifier, compress(a.iri), quote=a.text,
                                 role="demographic", match="direct", about="age"))
        elif any(span for _, span in ages):
            ev.notes.append(f"a source's age predilection does not include {_age_text(f.age)} years "
                            "(a predilection, not counted against)")
    if f.sex:
        shares = [a for a in measures if a.object.curie == FEMALE_SHARE and a.quantity and a.quantity.unit == "%"]
        # a share stated only as a bound on the wrong side is no predilection: "women are affected in up to 80 %
        # of cases" does not say that at least 60 % are women
        fits = [a for a in shares if a.quantity and (
            float(a.quantity.value) >= F_PREDOMINANT_SEX and a.quantity.comparator not in UPPER_BOUNDS
            if f.sex == "female"
            else float(a.quantity.value) <= 100 - F_PREDOMINANT_SEX and a.quantity.comparator not in LOWER_BOUNDS)]
        if fits:
            a = min(fits, key=lambda a: (-statement_weight(a.qualifier), a.iri))
            ev.pro.append(Reason(f"{a.object.label or a.object.curie} {a.quantity}; the patient is {f.sex}",
                                 W_DEMOGRAPHIC * statement_weight(a.qualifier), "association", a.source,
                                 a.qualifier, compress(a.iri), quote=a.text, role="demographic", match="direct",
                                 about="sex"))


def _type_candidate(ctx: FindingContext, t: str, f: _Resolved) -> Candidate:
    """One type scored by rules 1-6 of the module docstring."""
    ev = _Evidence()
    mine = list(ctx.about(t))
    _kind_reasons(ctx, t, f, ev)
    _axiom_reasons(ctx, t, f, ev)
    _site_reasons(ctx, t, f, mine, ev)
    _statement_reasons(ctx, t, f, mine, ev)
    _suggested_reasons(ctx, t, f, mine, ev)
    _named_reasons(ctx, t, f, ev)
    _idiopathic_reasons(ctx, t, f, ev)
    _negated_reasons(ctx, f, mine, ev)
    _demographic_reasons(ctx, t, f, mine, ev)
    score = round(sum(r.weight for r in ev.pro) + sum(r.weight for r in ev.con), 4)
    is_named = any(r.kind == "named" for r in ev.pro)
    own = any(r.kind == "specificity" and statement_weight(r.qualifier) >= W_UNHEDGED and r.weight >= W_UNHEDGED
              for r in ev.pro)  # rule 7: the calcification of at most two diseases
    # rule 7: the type's own sign, unless the source says the type rarely shows it or the sign is read from the sites
    # and not a generic sign, one sources state of more than N_SPECIFIC types (a widespread or localised distribution)
    showing = {compress(a.iri): ctx.types_showing(a.object.curie) for a in mine if a.predicate == _HAS_SIGN}
    sign = any(r.role == "sign" and r.match != "inherited" and not is_rarity(r.qualifier)
               and r.about not in f.derived and showing.get(r.statement or "", 0) <= N_SPECIFIC for r in ev.pro)
    specific = not ev.excluded and score > 0 and (is_named or (ev.site_ok and own) or sign)
    return Candidate(ctx.kg.term(t), "type", score, ev.excluded, tuple(ev.pro), tuple(ev.con), notes=tuple(ev.notes),
                     specific=specific)


def _is_direct(r: Reason) -> bool:
    """An unhedged condition or sign statement naming one of the finding's own terms (not a broader or
    narrower one, not one of an open list)."""
    return (r.kind == "association" and r.weight >= W_UNHEDGED and r.role in ("condition", "sign")
            and r.match == "direct" and not r.open_list)


def _handed_to(d: Candidate, named: str) -> bool:
    """Rule 5b (ii): a named type's unhedged association makes ``d`` the entity to name, unless the
    finding's kind counts against ``d`` (rule 2b)."""
    return (any(r.role == "named-link" and r.about == named and r.weight >= W_UNHEDGED for r in d.reasons_for)
            and not any(r.role == "calcified-form" for r in d.reasons_against))


def _narrowest_named(ctx: FindingContext, cands: list[Candidate]) -> list[Candidate]:
    """Rule 5b: a named type hands its rank to its subtypes that the finding's own disorders or signs
    support directly ("heterotopic ossification" named, hip arthroplasty known: post-surgical
    heterotopic ossification is the entity to name)."""
    out = list(cands)
    for i, c in enumerate(cands):
        if not _is_named(c):
            continue
        narrower = [j for j, d in enumerate(cands) if d.curie != c.curie and not d.excluded and (
                    (ctx.subsumed(d.curie, c.curie) and any(_is_direct(r) for r in d.reasons_for))
                    or _handed_to(d, c.curie))]
        if narrower:
            out[i] = replace(out[i], specific=False)
            for j in narrower:
                out[j] = replace(out[j], specific=True)
    # rule 5b (iii): the names converge - a named type that a source ties (hedged or not) to the entity
    # another named type hands its place to steps back too (intra-articular calcification and
    # chondrocalcinosis named: both point to calcium pyrophosphate deposition disease)
    handed = [d for d in out if d.specific and not _is_named(d)
              and any(r.role == "named-link" and r.weight >= W_UNHEDGED for r in d.reasons_for)]
    for i, c in enumerate(out):
        if c.specific and _is_named(c) and any(r.role == "named-link" and r.about == c.curie
                                               for d in handed for r in d.reasons_for):
            out[i] = replace(c, specific=False)
    return out


def _is_named(d: Candidate) -> bool:
    """True when the finding names the type itself (rule 5)."""
    return any(r.kind == "named" for r in d.reasons_for)


def _narrower_outscoring(ctx: FindingContext, cands: list[Candidate]) -> list[Candidate]:
    """Rule 7b: a narrower form (subclass or scheme placement) of a specific type that scores higher than
    it (or as high, carrying all its evidence and some of its own: :func:`_carries`) is specific too - it carries
    the broader type's evidence (inherited sites and signs, its definition) and more (myositis
    ossificans specific by its own sign; post-traumatic myositis ossificans with the patient's fall)."""
    specific = [(c, ctx.narrower_forms(c.curie)) for c in cands if c.specific]
    out = list(cands)
    for i, d in enumerate(cands):
        if not d.specific and not d.excluded and any(
                d.curie in narrower and (d.score > b.score or (d.score + _naming_handicap(d, b) >= b.score
                                                               and _carries(d, b)))
                for b, narrower in specific):
            out[i] = replace(d, specific=True)
    return out


def _outweighing(cands: list[Candidate]) -> list[Candidate]:
    """Rule 7d: a type the finding does not name whose score exceeds the best specific type's by at least half a
    naming's weight (:data:`F_OUTWEIGHS`) is specific too: its evidence outweighs what made that type specific,
    which its score holds already."""
    best = max((c.score for c in cands if c.specific and not c.excluded), default=None)
    if best is None:
        return cands
    return [replace(c, specific=True) if not c.specific and not c.excluded and not _is_named(c)
            and c.score >= best + W_NAMED * F_OUTWEIGHS else c for c in cands]


def _naming_handicap(d: Candidate, b: Candidate) -> float:
    """Rule 7b: what ``d``, a form of a type ``b`` the finding names, lacks only for not being the named
    type itself (rule 5: the named type +2.0, its forms half): not held against a form that carries all
    of ``b``'s evidence."""
    return sum(W_NAMED - r.weight for r in d.reasons_for if r.role == "named-form" and r.about == b.curie)


def _evidence_key(r: Reason) -> tuple[str, str | None]:
    """What a reason counts for (rule 7c): its role and finding term; a site reason is about the finding's
    sites whatever site it names, a named type's form is evidence of the named type."""
    return ({"named-form": "named"}.get(r.role or "", r.role or r.kind), None if r.role == "site" else r.about)


def _inherited_finding_reason(r: Reason) -> bool:
    """A clinical finding's statement of a broader type (rule 3c, :func:`_inherited_finding`)."""
    return r.role == "phenotype" and r.match == "inherited"


def _carries(n: Candidate, b: Candidate) -> bool:
    """Rule 7c: ``n`` carries all of ``b``'s evidence and some of its own. For each reason for ``b``, a
    reason for ``n`` about the same (role, term) that is the same statement (inherited from ``b``; not a
    clinical finding inherited by rule 3c) or weighs at least as much (and is one of an open list only if
    ``b``'s is); a statement of ``n``'s own (not inherited, not one of ``b``'s) ties it to a site, disorder or
    sign of the finding; when a site
    statement of ``b`` bears on the finding's sites (for or against), one of ``n``'s own does (a form with
    no site statement of its own only inherits its broader types' sites, which never count against it);
    and nothing counts against ``n`` that does not count against ``b``."""
    pro: dict[tuple[str, str | None], list[Reason]] = {}
    for r in n.reasons_for:
        pro.setdefault(_evidence_key(r), []).append(r)
    for r in b.reasons_for:
        if r.weight > 0 and not any((m.statement == r.statement and not _inherited_finding_reason(m))
                                    or m.role == "named-form"
                                    or (m.weight >= r.weight and r.open_list >= m.open_list)
                                    for m in pro.get(_evidence_key(r), ())):
            return False
    mine = {r.statement for r in b.reasons_for}
    if not any(r.weight > 0 and r.role in ("site", "condition", "sign") and r.match != "inherited"
               and r.statement not in mine for r in n.reasons_for):
        return False  # nothing stated of n itself sets it apart: the evidence supports no narrower form (rule 7)
    if any(r.role == "site" and r.weight for r in (*b.reasons_for, *b.reasons_against)) and not any(
            r.role == "site" and r.weight and r.match != "inherited" for r in (*n.reasons_for, *n.reasons_against)):
        return False
    against_b = {_evidence_key(r) for r in b.reasons_against if r.weight}
    return all(_evidence_key(r) in against_b for r in n.reasons_against if r.weight)


def _after_narrower(ctx: FindingContext, ranked: list[Candidate]) -> list[Candidate]:
    """Rule 7c: a type ranks right after the best-ranked of its narrower forms (of the same tier, not
    excluded) that carries all its evidence (:func:`_carries`): the narrower form is the more specific
    entity the same evidence supports (calcinosis universalis before the generic calcinosis when the
    finding's site and disorder are all calcinosis has)."""
    narrower = {c.curie: ctx.narrower_forms(c.curie) for c in ranked if any(r.weight > 0 for r in c.reasons_for)}

    def move(out: list[Candidate]) -> tuple[int, int] | None:
        for i, b in enumerate(out):
            forms = narrower.get(b.curie)
            if b.excluded or not forms:
                continue
            covering = next((j for j, n in enumerate(out) if n.curie in forms and not n.excluded
                             and n.specific == b.specific and b.curie not in narrower.get(n.curie, ())
                             and _carries(n, b)), None)
            if covering is not None and covering > i:
                return i, covering
        return None

    return _settle(ranked, move)


def _settle(ranked: list[Candidate], move: Callable[[list[Candidate]], tuple[int, int] | None]) -> list[Candidate]:
    """Rules 7c and 7e: apply ``move`` (the first candidate to move, and where to) until no candidate moves,
    at most once per candidate."""
    out = list(ranked)
    for _ in range(len(out)):
        found = move(out)
        if found is None:
            break
        source, target = found
        out.insert(target, out.pop(source))
    return out


def _beyond(n: Candidate, b: Candidate) -> bool:
    """Rule 7e: whether ``n`` has evidence ``b`` lacks - a reason for ``n`` about a finding term (any site
    counting as the sites, :func:`_evidence_key`) for which no reason for ``b`` weighs as much."""
    pro: dict[tuple[str, str | None], list[Reason]] = {}
    for r in b.reasons_for:
        pro.setdefault(_evidence_key(r), []).append(r)
    return any(r.weight > 0 and not any(m.weight >= r.weight for m in pro.get(_evidence_key(r), ()))
               for r in n.reasons_for)


def _unplaced(ctx: FindingContext, n: Candidate) -> bool:
    """Rule 7e: ``n`` has site statements of its own and none of them counts for it (the finding is not
    shown where its sources place it; sites inherited from a broader type aside)."""
    return any(a.predicate == _HAS_LOCATION and not a.negated for a in ctx.about(n.curie)) and not any(
        r.role == "site" and r.weight > 0 and r.match != "inherited" for r in n.reasons_for)


def _unplaced_after_broader(ctx: FindingContext, ranked: list[Candidate], kind: str = MINERALIZATION
                            ) -> list[Candidate]:
    """Rule 7e: a broader type moves right before a narrower form of it that ties with it (same tier, same
    score, not excluded) when the form has no evidence beyond the broader type's (:func:`_beyond`) and none
    of its own sites is the finding's (:func:`_unplaced`): intermuscular fascial calcinosis of dermatomyositis
    (its sources: the fascia) after calcinosis of dermatomyositis for a finding that names no fascia. The
    finding's own ``kind`` (heterotopic ossification for an ossified finding) is never the broader type moved:
    every form of it fits the finding equally (rule 2)."""
    def move(out: list[Candidate]) -> tuple[int, int] | None:
        for i, n in enumerate(out):
            if n.excluded:
                continue
            j = next((j for j in range(i + 1, len(out)) if not out[j].excluded and out[j].curie != kind
                      and out[j].specific == n.specific
                      and out[j].score == n.score and n.curie in ctx.narrower_forms(out[j].curie)
                      and not _beyond(n, out[j]) and _unplaced(ctx, n)), None)
            if j is not None:
                return j, i
        return None

    return _settle(ranked, move)


def _type_key(ctx: FindingContext) -> Callable[[Candidate], tuple[Any, ...]]:
    def key(c: Candidate) -> tuple[Any, ...]:
        axioms = sum(1 for r in c.reasons_for if r.kind in ("axiom", "finding"))
        # direct, unhedged statements (a statement about a broader or narrower disorder is not direct)
        unhedged = sum(1 for r in c.reasons_for if r.kind == "association" and r.weight >= W_UNHEDGED)
        # statements naming one of the patient's disorders itself, at full weight
        # (not a statement about a group the disorder belongs to, not one example of an open list)
        direct = sum(1 for r in c.reasons_for if r.kind == "association" and r.weight >= W_UNHEDGED
                     and r.role == "condition" and r.match != "broader" and not r.open_list)
        depth = len(ctx.up(c.curie))
        evidence = bool(c.reasons_for)
        # the more specific type first when something speaks for it itself; the broader one when nothing does, or
        # only what its broader types' statements say (inherited) and its being an idiopathic form (rule 6b)
        own = any(r.weight > 0 and r.match != "inherited" and r.role != "no-cause" for r in c.reasons_for)
        # reasons a broader type's statement gives it (rule 3, at half weight): at equal score, fewer first,
        # the type whose evidence is its own before one that borrows part of it from a broader type
        borrowed = sum(1 for r in c.reasons_for if r.weight > 0 and r.match == "inherited")
        # the patient's disorders and clinical findings a statement of the type names (one reason per finding term):
        # at equal score, the type that accounts for more of the patient's picture first
        explained = sum(1 for r in c.reasons_for if r.weight > 0 and r.role in ("condition", "phenotype"))
        return (c.excluded, not c.specific, -c.score, -axioms, -unhedged, -direct, borrowed, -explained,
                not evidence, -depth if own else depth, c.curie)

    return key


def _disorder_sign_reasons(ctx: FindingContext, d: str, f: _Resolved) -> list[Reason]:
    """Rule 8: the disorder's own statements naming a sign or clinical finding the finding shows (or a
    narrower one), the strongest per term, at the statement's weight."""
    out = []
    for x, a in _disorder_evidence(ctx, d, f):
        out.append(Reason(f"a source ties it to {a.object.label or a.object.curie}, which the finding shows",
                          statement_weight(a.qualifier), "association", a.source, a.qualifier, compress(a.iri),
                          quote=a.text, role="sign", match="direct" if a.object.curie == x else "broader",
                          about=x))
    return out


def _disorder_picture(ctx: FindingContext, d: str, f: _Resolved) -> _Evidence:
    """Rule 8b: a disorder's own site statements (rule 3: the best match, a related site at half weight;
    a site the statements do not name says nothing against it) and its own age or sex predilection
    (rule 9), for a disorder that is itself the diagnosis (pseudoxanthoma elasticum in the skin of the
    neck of a young woman)."""
    ev = _Evidence()
    mine = ctx.about(d)
    statements = [a for a in mine if a.predicate == _HAS_LOCATION and not a.negated]
    # each site of the finding its best statement, one statement counting once; the strongest pairs are
    # taken first, so the order in which the finding lists its sites does not decide ("head" taking the
    # skeletal-muscle statement at a quarter weight before "skeletal muscle" takes it in full)
    pairs = [(m, i, x) for i, x in enumerate(f.sites) for m in _site_matches(ctx, replace(f, sites=(x,)), statements)]
    used: set[str] = set()
    done: set[str] = set()
    for (w, via, a, how), _, x in sorted(pairs, key=lambda p: (-p[0][0], p[0][2].iri, p[1])):
        if a.iri not in used and x not in done:
            used.add(a.iri)
            done.add(x)
            ev.pro.append(Reason(f"a source places it at {a.object.label or a.object.curie}{via}", w, "association",
                                 a.source, a.qualifier, compress(a.iri), quote=a.text, role="site", match=how,
                                 about=x))
    _demographic_reasons(ctx, d, f, mine, ev)
    return ev


def _disorder_candidates(ctx: FindingContext, types: Sequence[Candidate], f: _Resolved) -> list[Candidate]:
    by_type = {c.curie: c for c in types}
    best = max((c.score for c in types if not c.excluded), default=0.0)
    conditions = ctx.down(CONDITION) - {CONDITION}
    out: list[Candidate] = []
    per: dict[str, list[Association]] = {}
    for a in (*ctx.stating(_CORRELATED), *ctx.stating(_MIMIC)):
        if not a.negated and a.subject.curie in by_type and a.object.curie in conditions:
            per.setdefault(a.object.curie, []).append(a)
    for a in ctx.associations:  # disorders a source ties to a sign or clinical finding the finding shows
        if not a.negated and a.subject.curie in conditions and any(ctx.subsumed(x, a.object.curie)
                                                                   for x in f.shown):
            per.setdefault(a.subject.curie, [])
    own = {d: _disorder_picture(ctx, d, f) for d in sorted(conditions)}  # rule 8b
    for d, ev in own.items():  # a disorder whose own site statement the finding's sites match is a candidate
        if any(r.role == "site" for r in ev.pro):
            per.setdefault(d, [])
    of_named: set[str] = set()  # rule 8: disorders a source ties to a type the finding names
    for d, statements in sorted(per.items()):
        if any(a.predicate == _CORRELATED and a.subject.curie in f.named and not by_type[a.subject.curie].excluded
               for a in statements):
            of_named.add(d)
        pro: list[Reason] = []
        con: list[Reason] = []
        strongest = _strongest_per(statements, lambda a: a.subject.curie)  # one statement per type
        fitting: list[Reason] = []
        for a in sorted(strongest.values(), key=lambda a: a.iri):
            t = by_type[a.subject.curie]
            hedge = a.qualifier
            if t.excluded or t.score <= 0 or best <= 0:
                why = "excluded by the finding" if t.excluded else "not supported by the finding"
                con.append(Reason(f"{_tie(a)} {t.label}, {why}", 0.0, "association", a.source, hedge,
                                  compress(a.iri), quote=a.text, role="type", about=t.curie))
                continue
            w = round(statement_weight(hedge) * t.score / best, 4)
            many = ""
            n_of_type = len(ctx.conditions_of(t.curie))
            if n_of_type > N_SPECIFIC:  # a type sources tie to many disorders tells little which one it is
                w, many = round(w * F_SHARED_TYPE, 4), f"; sources associate it with {n_of_type} disorders: half weight"
            fitting.append(Reason(f"{_tie(a)} {t.label}, which fits the finding (score {t.score:.2f} of "
                                  f"{best:.2f}){many}", w, "association", a.source, hedge, compress(a.iri),
                                  quote=a.text, role="type", about=t.curie))
        # rule 8: one finding counts once - the types that fit share the finding's evidence, so the best
        # one counts and the others are listed at weight 0
        lead = min(fitting, key=lambda r: (-r.weight, r.statement or ""), default=None)
        pro += [r if r is lead else replace(r, weight=0.0, text=r.text + "; the finding's evidence is counted "
                                           "once, for the best-fitting type") for r in fitting]
        pro += _disorder_sign_reasons(ctx, d, f)
        pro += own[d].pro
        con += own[d].con  # rule 9: a peak age only on the other side of adulthood
        # rule 8: a disorder the finding states is absent is not known, whatever else is read (rule 0)
        known = d not in f.absent and any(d in ctx.up(x) or x in ctx.up(d) for x in f.disorders)
        if d in f.disorders:
            pro.append(Reason("the finding states the patient has it", W_KNOWN, "finding", role="known", match="direct",
                              about=d))
        elif known:
            pro.append(Reason("a broader or narrower form of a disorder the finding states",
                              W_KNOWN * F_RELATED_DISORDER, "finding", role="known", match="related"))
        if d in f.absent:
            con.append(Reason("the finding states it is absent", -W_KNOWN, "finding", role="absent", match="direct",
                              about=d))
        score = round(sum(r.weight for r in pro) + sum(r.weight for r in con), 4)
        out.append(Candidate(ctx.kg.term(d), "disorder", score, False, tuple(pro), tuple(con), known=known))
    # rule 8: a stated external cause or feature (the finding's context) after the disorders the finding does not
    # state; before that, the patient's own diseases (not an external cause or a feature) that a fitting type
    # supports first, then those the finding's own signs point to, then those of a type the finding names, by score
    return sorted(out, key=lambda c: (c.known and not _is_disease(ctx, c.curie),
                                      not (c.known and _is_disease(ctx, c.curie) and _fitting_support(c)),
                                      not _shows_sign(c), c.curie not in of_named, -c.score, c.curie))


def _tie(a: Association) -> str:
    """How a disorder's statement ties it to a type, in words (rule 8)."""
    return "can look like (on imaging)" if a.predicate == _MIMIC else "associated with"


def _shows_sign(c: Candidate) -> bool:
    """True when a source ties the disorder itself to an imaging sign the finding shows (rule 8)."""
    return any(r.role == "sign" and r.weight > 0 for r in c.reasons_for)


def _fitting_support(c: Candidate) -> bool:
    """True when a statement counts for the disorder with at least :data:`F_EXPLAINS` of an unhedged
    statement's weight: a type fitting the finding at least half as well as the best one does (rule 8)."""
    return any(r.kind == "association" and r.weight >= F_EXPLAINS * W_UNHEDGED for r in c.reasons_for)


def finding_context(kg: KnowledgeGraph) -> FindingContext:
    """The graph's :class:`FindingContext`, built once per version of the graph and shared."""
    return kg.derived((FindingContext,), lambda: FindingContext(kg))


def _is_term(kg: KnowledgeGraph, text: str, site: bool) -> bool:
    try:
        _site(kg, text) if site else kg.term(text)
    except UnknownTermError:
        return False
    return True


def _phrase_finding(kg: KnowledgeGraph, text: str, site: bool = False) -> Finding:
    """What the free-text annotator recognises in one phrase (rule 0b); the look-up's own
    UnknownTermError (with its close matches) when nothing a finding can state is recognised, or the
    annotator is not installed."""
    try:
        read: Finding | None = kg.annotate(text).finding()
    except (MissingDependencyError, InputError):  # no annotator, or nothing recognised in the phrase
        read = None
    if read is None or not (read.all_sites() or read.disorders or read.signs or read.named or read.absent
                            or read.tissue):
        _site(kg, text) if site else kg.term(text)  # raises the look-up's UnknownTermError
        raise UnknownTermError(text)
    return read


def read_phrases(kg: KnowledgeGraph, finding: Finding) -> Finding:
    """The finding with every term value that is no label, synonym or CURIE replaced by the terms the
    free-text annotator recognises in it (rule 0b), each put where it belongs (a site phrase that names
    a condition adds a disorder); UnknownTermError for a value in which nothing is recognised."""
    fields_: dict[str, list[str]] = {"sites": [], "disorders": [], "signs": [], "named": [], "absent": []}
    extra: dict[str, Any] = {}
    given = [("sites", x) for x in finding.all_sites()] + [("disorders", x) for x in finding.disorders]
    given += [("signs", x) for x in finding.signs] + [("named", x) for x in finding.named]
    given += [("absent", x) for x in finding.absent]
    changed = False
    for name, text in given:
        if _is_term(kg, text, site=name == "sites"):
            fields_[name].append(text)
            continue
        changed = True
        if name == "absent":  # every term of a phrase stated absent is absent ("traumatic event")
            try:
                read = _phrase_finding(kg, text)
            except UnknownTermError:
                continue  # an absent phrase naming nothing known says nothing about any candidate
            fields_["absent"] += [*read.all_sites(), *read.disorders, *read.signs, *read.named, *read.absent]
            continue
        read = _phrase_finding(kg, text, site=name == "sites")
        fields_["sites"] += read.all_sites()
        fields_["disorders"] += read.disorders
        fields_["signs"] += read.signs
        fields_["named"] += read.named
        fields_["absent"] += read.absent
        if read.tissue and not finding.tissue:
            extra["tissue"] = read.tissue
        if finding.ossified is None and read.ossified is not None:
            extra["ossified"] = read.ossified
    if not changed:
        return finding
    sites = tuple(dict.fromkeys(fields_["sites"]))
    out = replace(finding, site=sites[0] if sites else None, sites=sites[1:],
                  disorders=tuple(dict.fromkeys(fields_["disorders"])), signs=tuple(dict.fromkeys(fields_["signs"])),
                  named=tuple(dict.fromkeys(fields_["named"])), absent=tuple(dict.fromkeys(fields_["absent"])))
    return replace(out, tissue=extra.get("tissue", out.tissue), ossified=extra.get("ossified", out.ossified))


def finding_terms(kg: KnowledgeGraph, finding: Finding) -> dict[str, tuple[str, ...]]:
    """The CURIEs the differential reads from a finding (rules 0, 0b), by what they are: "sites",
    "disorders", "signs", "named" (types), "absent" and "phenotypes"; UnknownTermError / FindingError as the
    differential would raise them."""
    r = _resolve(kg, finding_context(kg), read_phrases(kg, finding))
    return {"sites": r.sites, "disorders": r.disorders, "signs": tuple(x for x in r.signs if x not in r.derived),
            "named": r.named, "absent": r.absent, "phenotypes": r.phenotypes}


def differential(kg: KnowledgeGraph, finding: Finding | str) -> list[Candidate]:
    """Ranked candidates (types first, then disorders) for a :class:`Finding` or a finding's CURIE/IRI."""
    if isinstance(finding, str):
        finding = finding_from_data(kg, finding)
    if not isinstance(finding, Finding):
        raise FindingError(f"expected a Finding or a finding IRI, got {type(finding).__name__}")
    ctx = finding_context(kg)
    resolved = _resolve(kg, ctx, read_phrases(kg, finding))
    # Descriptive patterns (subset XSCO:0000311, e.g. the calcinosis site pattern) are not ranked:
    # they restate a hedged statement as a class, which would let "most often" weigh as an axiom.
    types = sorted(ctx.down(MINERALIZATION) - {MINERALIZATION, CALCIFICATION} - ctx.patterns)
    cands = _outweighing(_narrower_outscoring(ctx, _narrowest_named(ctx, [_type_candidate(ctx, t, resolved)
                                                                           for t in types])))
    ranked = _unplaced_after_broader(ctx, _after_narrower(ctx, sorted(cands, key=_type_key(ctx))), resolved.kind)
    return ranked + _disorder_candidates(ctx, ranked, resolved)


# --- findings in instance data -------------------------------------------------------------------

def findings_in(kg: KnowledgeGraph) -> list[str]:
    """IRIs of the findings (individuals typed with a mineralization class) in the ``data`` graph."""
    bindings = {"graph": URIRef(DATA), "root": URIRef(vocab.MINERALIZATION)}
    return [str(r["f"]) for r in run_query(kg.store, "findings-in-graph", bindings).rows]


def finding_from_data(kg: KnowledgeGraph, iri_or_curie: str) -> Finding:
    """Read a finding from instance data (the instance-data contract of the project)."""
    iri = iri_or_curie if iri_or_curie.startswith(("http://", "https://", "urn:")) else expand(iri_or_curie)
    if not iri:
        raise FindingError(f"not an IRI or known CURIE: {iri_or_curie!r}")
    rows = run_query(kg.store, "finding", {"f": URIRef(iri)}).rows
    if not rows:
        raise FindingError(f"no finding {iri_or_curie!r} in the loaded data")
    ctx_isa = kg.graph("is_a")
    by: dict[str, list[str]] = {}
    label = None
    for row in rows:
        p = str(row["p"])
        if p.endswith("#label"):
            label = label or str(row["v"])
            continue
        if "c" in row:
            by.setdefault(p, []).append(compress(str(row["c"])))
        elif "v" in row and isinstance(row["v"], URIRef):
            by.setdefault(p, []).append(compress(str(row["v"])))

    def up(c: str) -> set[str]:
        return _ancestors(ctx_isa, c, reflexive=True)

    types = by.get("urn:type", [])
    if not any(MINERALIZATION in up(t) for t in types):
        raise FindingError(f"{iri_or_curie!r} is not typed as an extra-skeletal mineralization ({MINERALIZATION})")
    ossified = (True if any(OSSIFICATION in up(t) for t in types)
                else False if any(CALCIFICATION in up(t) for t in types) else None)
    obo, xsco = vocab.OBO, vocab.XSCO
    if ossified is None:  # the deposit's structure (XSCO:0000301): structureless mineral or organised bone
        structures = {s for v in by.get(xsco + "0000301", []) for s in up(v)}
        ossified = True if "XSCO:0000304" in structures else False if "XSCO:0000303" in structures else None

    def first(prop: str, under: str | None = None) -> str | None:
        values = sorted(v for v in by.get(prop, []) if under is None or under in up(v))
        return values[0] if values else None

    status_class = first(xsco + "0000101", "XSCO:0000011")
    status = _STATUS_WORDS.get(status_class or "")
    tissue = first(xsco + "0000102", "XSCO:0000015")
    disorders = tuple(sorted({v for v in by.get(xsco + "0000103", []) if CONDITION in up(v)}))
    site = first(obo + "RO_0001025", "UBERON:0001062") or next(
        (v for v in sorted(by.get(obo + "RO_0001025", [])) if not v.startswith("owl:")), None)
    signs = tuple(sorted({v for v in by.get(xsco + "0000222", []) if IMAGING_SIGN in up(v)}))
    return Finding(site=site, tissue=tissue, disorders=disorders, ossified=ossified, status=status, label=label,
                   iri=iri, signs=signs)


def render_text(
    finding: Finding, candidates: Iterable[Candidate], limit: int | None = None, name: Callable[[str], str] = str
) -> str:
    """The differential as readable text: each candidate with its reasons for and against."""
    lines = [f"Finding: {finding.describe(name)}"]
    cands = list(candidates)
    for kind, title in (("type", "Calcification types"), ("disorder", "Associated disorders")):
        group = [c for c in cands if c.kind == kind]
        if limit is not None:
            group = group[:limit]
        lines.append("")
        lines.append(title)
        for i, c in enumerate(group, 1):
            flags = " EXCLUDED" if c.excluded else ""
            flags += " (known)" if c.known else ""
            lines.append(f"{i:>2}. {c.label} ({c.curie})  score {c.score:.2f}{flags}")
            for r in c.reasons_for:
                lines.append(f"      + {r}")
            for r in c.reasons_against:
                lines.append(f"      - {r}")
            for n in c.notes:
                lines.append(f"      ? {n}")
            if not (c.reasons_for or c.reasons_against or c.notes):
                lines.append("      (no statement of the ontology bears on this finding)")
    return "\n".join(lines)


def to_rows(candidates: Iterable[Candidate]) -> list[dict[str, str]]:
    """Flat rows (rank, kind, curie, label, score, excluded, for, against) for table/CSV/JSON output."""
    rows = []
    ranks: dict[str, int] = {}
    for c in candidates:
        ranks[c.kind] = ranks.get(c.kind, 0) + 1
        rows.append({
            "rank": str(ranks[c.kind]),
            "kind": c.kind,
            "curie": c.curie,
            "label": c.label,
            "score": f"{c.score:.2f}",
            "excluded": "true" if c.excluded else "",
            "for": " | ".join(str(r) for r in c.reasons_for),
            "against": " | ".join(str(r) for r in c.reasons_against),
        })
    return rows


def reason_data(r: Reason) -> dict[str, Any]:
    """A reason as typed JSON-ready data (numbers stay numbers, flags booleans)."""
    return {"text": r.text, "weight": r.weight, "kind": r.kind, "excludes": r.excludes, "source": r.source,
            "qualifier": r.qualifier, "statement": r.statement, "quote": r.quote, "role": r.role,
            "match": r.match, "open_list": r.open_list, "about": r.about}


def candidate_data(
    c: Candidate, rank: int, conditions: Mapping[str, Sequence[Association]] | None = None
) -> dict[str, Any]:
    """One candidate as typed data; with ``conditions`` (the non-negated RO:0002610 statements by
    subject CURIE, see :func:`to_data`) a type also lists the disorders a source associates with it
    (the web page shows them)."""
    out: dict[str, Any] = {
        "rank": rank, "kind": c.kind, "curie": c.curie, "iri": c.term.iri, "label": c.label, "score": c.score,
        "excluded": c.excluded, "known": c.known, "specific": c.specific,
        "reasons_for": [reason_data(r) for r in c.reasons_for],
        "reasons_against": [reason_data(r) for r in c.reasons_against],
        "notes": list(c.notes),
    }
    if conditions is not None:
        out["conditions"] = [] if c.kind != "type" else [
            {"curie": a.object.curie, "label": a.object.label, "qualifier": a.qualifier, "open_list": a.open_list}
            for a in conditions.get(c.curie, ())]
    return out


def to_data(candidates: Iterable[Candidate], kg: KnowledgeGraph | None = None) -> dict[str, list[dict[str, Any]]]:
    """The differential as typed data: ``{"types": [...], "disorders": [...]}``, each candidate with
    its rank (1-based within its list), CURIE, IRI, label, score (a number), ``excluded``, ``known``
    and ``specific`` (booleans), its reasons for and against (objects) and notes; see
    docs/differential.md. The CLI's ``--format json`` and the web page's JSON both come from here.
    With ``kg`` each type lists its associated conditions (one query for all candidates)."""
    conditions: dict[str, list[Association]] | None = None
    if kg is not None:
        conditions = {}
        for a in kg.associations(predicate=vocab.RO_CORRELATED_WITH):
            if not a.negated:
                conditions.setdefault(a.subject.curie, []).append(a)
    out: dict[str, list[dict[str, Any]]] = {"types": [], "disorders": []}
    for c in candidates:
        group = out["types" if c.kind == "type" else "disorders"]
        group.append(candidate_data(c, len(group) + 1, conditions))
    return out


def finding_data(finding: Finding) -> dict[str, Any]:
    """What a finding states, as typed data."""
    return {"sites": list(finding.all_sites()), "calcium": finding.calcium, "phosphate": finding.phosphate,
            "status": finding.ca_p_status(), "tissue": finding.tissue, "ossified": finding.ossified,
            "disorders": list(finding.disorders), "signs": list(finding.signs), "named": list(finding.named),
            "absent": list(finding.absent), "label": finding.label, "iri": finding.iri,
            "age": None if finding.age is None else list(finding.age), "sex": finding.sex,
            "phenotypes": list(finding.phenotypes)}


def findings_from_file(kg: KnowledgeGraph, path: str | os.PathLike[str]) -> list[Finding]:
    """Add the instance data of ``path`` to ``kg``'s data graph and read every finding in it."""
    kg.add(path, graph="data")
    iris = findings_in(kg)
    if not iris:
        raise FindingError(f"no imaging finding (an individual typed with XSCO:0000001 or a subclass) in {path}")
    return [finding_from_data(kg, iri) for iri in iris]
